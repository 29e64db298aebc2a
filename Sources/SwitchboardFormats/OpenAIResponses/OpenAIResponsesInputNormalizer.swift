import SwitchboardCore

/// Validates `input` and rewrites it into the one shape the rest of the gateway reads.
///
/// A string input becomes one user message; a message item given as `{role, content}` gets
/// `type: "message"`, and string content becomes one `input_text` part (`output_text` for the
/// assistant), as OpenAI stores them. Every other member and item is kept as sent.
enum OpenAIResponsesInputNormalizer {
    static let messageRoles: Set<String> = ["user", "assistant", "system", "developer"]

    static func normalize(_ input: JSONValue?) throws(GatewayError) -> [JSONValue] {
        switch input {
        case nil, .null?:
            return []
        case .string(let text)?:
            return [.object(["type": "message", "role": "user", "content": .array([textPart("user", text)])])]
        case .array(let items)?:
            var normalized: [JSONValue] = []
            normalized.reserveCapacity(items.count)
            for (offset, item) in items.enumerated() {
                normalized.append(try normalizeItem(item, path: "input[\(offset)]"))
            }
            return normalized
        case let other?:
            throw GatewayError.invalidRequest(
                "Invalid type for 'input': expected a string or an array of input items, but got \(other.kindName).",
                param: "input")
        }
    }

    static func normalizeItem(_ item: JSONValue, path: String) throws(GatewayError) -> JSONValue {
        guard let object = item.objectValue else {
            throw GatewayError.invalidRequest(
                "Invalid type for '\(path)': expected an object, but got \(item.kindName).", param: path)
        }
        if let type = object["type"], type.stringValue == nil {
            throw GatewayError.invalidRequest(
                "Invalid type for '\(path).type': expected a string, but got \(type.kindName).", param: "\(path).type")
        }
        let type = object["type"]?.stringValue
        switch type {
        case nil where object["role"] == nil:
            throw GatewayError.invalidRequest(
                "Invalid '\(path)': an input item needs a 'type' (or a 'role' for a message).", param: path)
        case nil, "message"?:
            return try normalizeMessage(object, path: path)
        case "function_call"?:
            for key in ["call_id", "name", "arguments"] { try requireString(object, key, path: path) }
            return item
        case "function_call_output"?:
            try requireString(object, "call_id", path: path)
            switch object["output"] {
            case .string?, .array?: return item
            case nil, .null?:
                throw GatewayError.invalidRequest("Missing required parameter: '\(path).output'.", param: "\(path).output")
            case let other?:
                throw GatewayError.invalidRequest(
                    "Invalid type for '\(path).output': expected a string or an array, but got \(other.kindName).",
                    param: "\(path).output")
            }
        default:
            return item
        }
    }

    private static func normalizeMessage(_ object: JSONObject, path: String) throws(GatewayError) -> JSONValue {
        guard let roleValue = object["role"], !roleValue.isNull else {
            throw GatewayError.invalidRequest("Missing required parameter: '\(path).role'.", param: "\(path).role")
        }
        guard let role = roleValue.stringValue, messageRoles.contains(role) else {
            throw GatewayError.invalidRequest(
                "Invalid value for '\(path).role': expected one of 'user', 'assistant', 'system' or 'developer'.",
                param: "\(path).role")
        }
        var normalized = JSONObject()
        if object["type"] == nil { normalized["type"] = "message" }
        for member in object { normalized[member.key] = member.value }
        switch object["content"] {
        case .string(let text)?:
            normalized["content"] = .array([textPart(role, text)])
        case .array(let parts)?:
            for (offset, part) in parts.enumerated() where part["type"]?.stringValue == nil {
                throw GatewayError.invalidRequest(
                    "Invalid '\(path).content[\(offset)]': expected a content part object with a 'type'.",
                    param: "\(path).content[\(offset)]")
            }
        case nil, .null?:
            throw GatewayError.invalidRequest("Missing required parameter: '\(path).content'.", param: "\(path).content")
        case let other?:
            throw GatewayError.invalidRequest(
                "Invalid type for '\(path).content': expected a string or an array of content parts, but got \(other.kindName).",
                param: "\(path).content")
        }
        return .object(normalized)
    }

    private static func textPart(_ role: String, _ text: String) -> JSONValue {
        .object(["type": .string(role == "assistant" ? "output_text" : "input_text"), "text": .string(text)])
    }

    private static func requireString(_ object: JSONObject, _ key: String, path: String) throws(GatewayError) {
        guard let value = object[key], !value.isNull else {
            throw GatewayError.invalidRequest("Missing required parameter: '\(path).\(key)'.", param: "\(path).\(key)")
        }
        guard value.stringValue != nil else {
            throw GatewayError.invalidRequest(
                "Invalid type for '\(path).\(key)': expected a string, but got \(value.kindName).", param: "\(path).\(key)")
        }
    }
}
