import SwitchboardCore

/// Checks the `messages` of a Chat Completions request and normalises documented variants.
///
/// Some platforms document image parts as `{"type":"image","image":"data:..."}`; OpenAI-compatible
/// upstreams expect `{"type":"image_url","image_url":{"url":...}}`, so the former is rewritten.
enum OpenAIChatMessagesValidator {
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]

    /// Returns the rewritten messages when a variant was normalised, nil when they are fine as sent.
    static func validate(_ messages: JSONValue) throws(GatewayError) -> JSONValue? {
        guard let list = messages.arrayValue, !list.isEmpty else {
            throw GatewayError.invalidRequest("'messages' must be a non-empty array.", param: "messages")
        }
        var rewritten = list
        var changed = false
        for (position, message) in list.enumerated() {
            let path = "messages[\(position)]"
            guard var object = message.objectValue else {
                throw GatewayError.invalidRequest(
                    "Invalid type for '\(path)': expected an object, but got \(message.kindName).", param: path)
            }
            guard let role = object["role"]?.stringValue else {
                throw GatewayError.invalidRequest("Missing required parameter: '\(path).role'.", param: "\(path).role")
            }
            guard roles.contains(role) else {
                throw GatewayError.invalidRequest(
                    "Invalid value for '\(path).role': '\(role)'. Supported values are: 'system', 'developer', 'user', 'assistant', and 'tool'.",
                    param: "\(path).role")
            }
            if role == "tool", object["tool_call_id"]?.stringValue == nil {
                throw GatewayError.invalidRequest(
                    "Missing required parameter: '\(path).tool_call_id'.", param: "\(path).tool_call_id")
            }
            if let toolCalls = object["tool_calls"], !toolCalls.isNull, toolCalls.arrayValue == nil {
                throw GatewayError.invalidRequest(
                    "Invalid type for '\(path).tool_calls': expected an array, but got \(toolCalls.kindName).",
                    param: "\(path).tool_calls")
            }
            switch object["content"] {
            case nil, .null?:
                let hasToolCalls = !(object["tool_calls"]?.arrayValue?.isEmpty ?? true)
                guard role == "assistant" || hasToolCalls else {
                    throw GatewayError.invalidRequest(
                        "Missing required parameter: '\(path).content'.", param: "\(path).content")
                }
            case .string?:
                break
            case .array(let parts)?:
                if let normalized = try validateParts(parts, path: "\(path).content") {
                    object["content"] = .array(normalized)
                    rewritten[position] = .object(object)
                    changed = true
                }
            case let other?:
                throw GatewayError.invalidRequest(
                    "Invalid type for '\(path).content': expected a string or an array of content parts, but got \(other.kindName).",
                    param: "\(path).content")
            }
        }
        return changed ? .array(rewritten) : nil
    }

    private static func validateParts(_ parts: [JSONValue], path: String) throws(GatewayError) -> [JSONValue]? {
        var normalized = parts
        var changed = false
        for (position, part) in parts.enumerated() {
            let partPath = "\(path)[\(position)]"
            guard let object = part.objectValue, let type = object["type"]?.stringValue else {
                throw GatewayError.invalidRequest(
                    "Invalid content part '\(partPath)': expected an object with a string 'type'.", param: partPath)
            }
            switch type {
            case "text":
                guard object["text"]?.stringValue != nil else {
                    throw GatewayError.invalidRequest(
                        "Missing required parameter: '\(partPath).text'.", param: "\(partPath).text")
                }
            case "image_url":
                let url = object["image_url"]?["url"]?.stringValue ?? object["image_url"]?.stringValue
                guard url != nil else {
                    throw GatewayError.invalidRequest(
                        "Missing required parameter: '\(partPath).image_url.url'.", param: "\(partPath).image_url.url")
                }
            case "image":
                guard let image = object["image"]?.stringValue ?? object["image"]?["url"]?.stringValue else {
                    throw GatewayError.invalidRequest(
                        "Missing required parameter: '\(partPath).image' (a URL or a data: URL).",
                        param: "\(partPath).image")
                }
                var imageURL: JSONObject = ["url": .string(image)]
                if let detail = object["detail"] { imageURL["detail"] = detail }
                normalized[position] = .object(["type": .string("image_url"), "image_url": .object(imageURL)])
                changed = true
            default:
                break
            }
        }
        return changed ? normalized : nil
    }
}
