import SwitchboardCore

/// Checks a generateContent body before it is read, with a 400 naming the field at fault.
///
/// Only what the gateway reads is checked (the shape of `contents` and its parts, the types of the
/// configuration it maps); members it only carries along are left to the upstream to judge.
enum GeminiRequestValidator {
    static let roles: Set<String> = ["user", "model", "function", "tool"]

    static func validate(_ body: JSONObject) throws(GatewayError) {
        guard let contents = body["contents"], !contents.isNull else {
            throw GatewayError.invalidRequest("Missing required parameter: 'contents'.", param: "contents")
        }
        guard let list = contents.arrayValue else { throw wrongType("contents", "an array", contents) }
        guard !list.isEmpty else {
            throw GatewayError.invalidRequest("'contents' must not be empty.", param: "contents")
        }
        for (position, content) in list.enumerated() {
            try validateContent(content, path: "contents[\(position)]", checksRole: true)
        }
        if let instruction = body["systemInstruction"], !instruction.isNull, instruction.stringValue == nil {
            try validateContent(instruction, path: "systemInstruction", checksRole: false)
        }
        try validateTools(body["tools"])
        try expectObject(body["toolConfig"], "toolConfig")
        try validateGenerationConfig(body["generationConfig"])
    }

    private static func validateContent(_ content: JSONValue, path: String, checksRole: Bool) throws(GatewayError) {
        guard let object = content.objectValue else { throw wrongType(path, "an object", content) }
        if checksRole, let role = object["role"], !role.isNull {
            guard let name = role.stringValue, roles.contains(name) else {
                throw GatewayError.invalidRequest(
                    "Invalid value for '\(path).role': \(JSON.string(role)). Supported values are 'user' and 'model'.",
                    param: "\(path).role")
            }
        }
        guard let parts = object["parts"], !parts.isNull else {
            throw GatewayError.invalidRequest("Missing required parameter: '\(path).parts'.", param: "\(path).parts")
        }
        guard let list = parts.arrayValue else { throw wrongType("\(path).parts", "an array", parts) }
        for (position, part) in list.enumerated() {
            try validatePart(part, path: "\(path).parts[\(position)]")
        }
    }

    private static func validatePart(_ part: JSONValue, path: String) throws(GatewayError) {
        guard let object = part.objectValue else { throw wrongType(path, "an object", part) }
        guard object.keys.contains(where: GeminiPartReader.dataMembers.contains) else {
            throw GatewayError.invalidRequest(
                "Invalid part '\(path)': it must hold one of text, inlineData, fileData, functionCall, functionResponse, executableCode or codeExecutionResult.",
                param: path)
        }
        if let text = object["text"], text.stringValue == nil { throw wrongType("\(path).text", "a string", text) }
        try requireStrings(object["functionCall"], path: "\(path).functionCall", members: ["name"])
        try requireStrings(object["functionResponse"], path: "\(path).functionResponse", members: ["name"])
        try requireStrings(object["inlineData"], path: "\(path).inlineData", members: ["mimeType", "data"])
        try requireStrings(object["fileData"], path: "\(path).fileData", members: ["fileUri"])
        if let args = object["functionCall"]?["args"], !args.isNull, args.objectValue == nil {
            throw wrongType("\(path).functionCall.args", "an object", args)
        }
    }

    /// When `value` is present it must be an object whose `members` are strings.
    private static func requireStrings(_ value: JSONValue?, path: String, members: [String]) throws(GatewayError) {
        guard let value else { return }
        guard let object = value.objectValue else { throw wrongType(path, "an object", value) }
        for member in members {
            guard let field = object[member] else {
                throw GatewayError.invalidRequest("Missing required parameter: '\(path).\(member)'.", param: "\(path).\(member)")
            }
            guard field.stringValue != nil else { throw wrongType("\(path).\(member)", "a string", field) }
        }
    }

    private static func validateTools(_ tools: JSONValue?) throws(GatewayError) {
        guard let tools, !tools.isNull else { return }
        guard let list = tools.arrayValue else { throw wrongType("tools", "an array", tools) }
        for (position, tool) in list.enumerated() {
            let path = "tools[\(position)]"
            guard tool.objectValue != nil else { throw wrongType(path, "an object", tool) }
            guard let declarations = tool["functionDeclarations"], !declarations.isNull else { continue }
            guard let entries = declarations.arrayValue else {
                throw wrongType("\(path).functionDeclarations", "an array", declarations)
            }
            for (index, declaration) in entries.enumerated() {
                try requireStrings(declaration, path: "\(path).functionDeclarations[\(index)]", members: ["name"])
            }
        }
    }

    private static func validateGenerationConfig(_ config: JSONValue?) throws(GatewayError) {
        try expectObject(config, "generationConfig")
        guard let config = config?.objectValue else { return }
        for key in ["temperature", "topP", "topK", "maxOutputTokens", "seed", "candidateCount"] {
            if let value = config[key], !value.isNull, value.doubleValue == nil {
                throw wrongType("generationConfig.\(key)", "a number", value)
            }
        }
        // A negative limit reached the mock provider, which crashed on it; one near Int.max overflowed admission.
        for key in ["maxOutputTokens", "candidateCount"] {
            guard let value = config[key], !value.isNull else { continue }
            guard let count = value.intValue, (1...GenerationRequest.maximumOutputTokens).contains(count) else {
                throw GatewayError.invalidRequest(
                    "Invalid value for 'generationConfig.\(key)': expected an integer from 1 to \(GenerationRequest.maximumOutputTokens), but got \(JSON.string(value)).",
                    param: "generationConfig.\(key)")
            }
        }
        if let stops = config["stopSequences"], !stops.isNull {
            guard let list = stops.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw wrongType("generationConfig.stopSequences", "an array of strings", stops)
            }
        }
        try expectObject(config["thinkingConfig"], "generationConfig.thinkingConfig")
        if let budget = config["thinkingConfig"]?["thinkingBudget"], !budget.isNull, budget.intValue == nil {
            throw wrongType("generationConfig.thinkingConfig.thinkingBudget", "an integer", budget)
        }
    }

    private static func expectObject(_ value: JSONValue?, _ path: String) throws(GatewayError) {
        guard let value, !value.isNull else { return }
        guard value.objectValue != nil else { throw wrongType(path, "an object", value) }
    }

    static func wrongType(_ path: String, _ expected: String, _ value: JSONValue) -> GatewayError {
        .invalidRequest("Invalid type for '\(path)': expected \(expected), but got \(value.kindName).", param: path)
    }
}
