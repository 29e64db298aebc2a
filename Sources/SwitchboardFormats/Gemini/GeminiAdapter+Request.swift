public import SwitchboardCore

extension GeminiAdapter {
    /// The generateContent body for a canonical request. The model travels in the URL, not the body.
    ///
    /// Tools are declared with `parametersJsonSchema`, which takes full JSON Schema, so a schema
    /// written for OpenAI or Anthropic (`additionalProperties`, `$schema`, ...) goes up unchanged
    /// instead of being trimmed to Gemini's OpenAPI subset; structured output uses
    /// `responseJsonSchema` for the same reason. `reasoningEffort` becomes a thinking budget
    /// (`none` 0, `minimal` 128, `low` 1024, `medium` 8192, `high` 24576) unless a budget is given;
    /// `reasoningSummary` asks for the thoughts (`includeThoughts`).
    public func encodeRequest(_ request: GenerationRequest, model: String, stream: Bool) throws(GatewayError) -> [UInt8] {
        try rejectUnsupported(request)
        let written = try GeminiContentWriter.write(request.messages)
        var body: JSONObject = ["contents": .array(written.contents)]
        if let instruction = written.systemInstruction { body["systemInstruction"] = instruction }
        if !request.tools.isEmpty {
            body["tools"] = .array([.object(["functionDeclarations": .array(request.tools.map(Self.declaration))])])
        }
        if let choice = request.toolChoice { body["toolConfig"] = .object(["functionCallingConfig": Self.callingConfig(choice)]) }
        let config = Self.generationConfig(request)
        if !config.isEmpty { body["generationConfig"] = .object(config) }
        if request.extraFormat == .gemini {
            for member in request.extra { body[member.key] = Self.merge(body[member.key], member.value) }
        }
        return JSON.serialize(.object(body))
    }

    /// What this translation cannot honour: several candidates (`n`) and log probabilities.
    private func rejectUnsupported(_ request: GenerationRequest) throws(GatewayError) {
        guard request.extraFormat != .gemini else { return }
        if let count = request.extra["n"]?.intValue, count > 1 {
            throw GatewayError.invalidRequest(
                "'n' greater than 1 is not supported by this model's provider (Gemini).", param: "n")
        }
        if request.extra["logprobs"]?.boolValue == true || request.extra["top_logprobs"].map({ !$0.isNull }) == true {
            throw GatewayError.invalidRequest("'logprobs' is not supported by this model's provider (Gemini).", param: "logprobs")
        }
    }

    static func declaration(_ tool: ToolDefinition) -> JSONValue {
        var object: JSONObject = ["name": .string(tool.name)]
        if let description = tool.description { object["description"] = .string(description) }
        if let parameters = tool.parameters, !parameters.isNull { object["parametersJsonSchema"] = parameters }
        return .object(object)
    }

    static func callingConfig(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: .object(["mode": "AUTO"])
        case .none: .object(["mode": "NONE"])
        case .required: .object(["mode": "ANY"])
        case .function(let name): .object(["mode": "ANY", "allowedFunctionNames": .array([.string(name)])])
        }
    }

    static func generationConfig(_ request: GenerationRequest) -> JSONObject {
        var config = JSONObject()
        if let value = request.maxOutputTokens { config["maxOutputTokens"] = .int(value) }
        if let value = request.temperature { config["temperature"] = .double(value) }
        if let value = request.topP { config["topP"] = .double(value) }
        if let value = request.topK { config["topK"] = .int(value) }
        if !request.stop.isEmpty { config["stopSequences"] = .array(request.stop.map(JSONValue.string)) }
        if let value = request.seed { config["seed"] = .int(value) }
        switch request.responseFormat {
        case .jsonObject?:
            config["responseMimeType"] = "application/json"
        case .jsonSchema(_, let schema, _)?:
            config["responseMimeType"] = "application/json"
            if let schema, !schema.isNull { config["responseJsonSchema"] = schema }
        case .text?, nil:
            break
        }
        let thinking = thinkingConfig(request)
        if !thinking.isEmpty { config["thinkingConfig"] = .object(thinking) }
        return config
    }

    static func thinkingConfig(_ request: GenerationRequest) -> JSONObject {
        var thinking = JSONObject()
        if let budget = request.thinkingBudgetTokens {
            thinking["thinkingBudget"] = .int(budget)
        } else if let effort = request.reasoningEffort {
            if request.extraFormat == .gemini {
                thinking["thinkingLevel"] = .string(effort)
            } else if let budget = budget(for: effort) {
                thinking["thinkingBudget"] = .int(budget)
            }
        }
        if request.reasoningSummary != nil, request.thinkingBudgetTokens != 0 { thinking["includeThoughts"] = .bool(true) }
        return thinking
    }

    static func budget(for effort: String) -> Int? {
        switch effort.lowercased() {
        case "none": 0
        case "minimal": 128
        case "low": 1024
        case "medium": 8192
        case "high", "xhigh": 24576
        default: nil
        }
    }

    /// An `extra` member merged into what the translation wrote: arrays are concatenated (server
    /// tools beside function declarations), objects merged member by member, anything else replaced.
    static func merge(_ written: JSONValue?, _ extra: JSONValue) -> JSONValue {
        switch (written, extra) {
        case (.array(let items)?, .array(let more)):
            return .array(items + more)
        case (.object(var object)?, .object(let more)):
            for member in more { object[member.key] = merge(object[member.key], member.value) }
            return .object(object)
        default:
            return extra
        }
    }
}
