public import SwitchboardCore

/// Decodes a validated Chat Completions request into the canonical model.
///
/// Members the canonical model has no place for stay in `extra` under their wire names.
public enum OpenAIChatDecoder {
    static let modelledKeys: Set<String> = [
        "model", "messages", "tools", "tool_choice", "parallel_tool_calls", "response_format", "max_tokens",
        "max_completion_tokens", "temperature", "top_p", "stop", "seed", "reasoning_effort", "user", "metadata",
        "stream", "stream_options",
    ]

    public static func decode(_ request: OpenAIChatInboundRequest) -> GenerationRequest {
        let object = request.jsonObject()
        var extra = JSONObject()
        for member in object where !modelledKeys.contains(member.key) {
            extra[member.key] = member.value
        }
        return GenerationRequest(
            model: request.model,
            messages: (object["messages"]?.arrayValue ?? []).compactMap(decodeMessage),
            tools: (object["tools"]?.arrayValue ?? []).compactMap(decodeTool),
            toolChoice: object["tool_choice"].flatMap(decodeToolChoice),
            parallelToolCalls: object["parallel_tool_calls"]?.boolValue,
            responseFormat: object["response_format"].flatMap(decodeResponseFormat),
            maxOutputTokens: object["max_completion_tokens"]?.intValue ?? object["max_tokens"]?.intValue,
            temperature: object["temperature"]?.doubleValue,
            topP: object["top_p"]?.doubleValue,
            stop: object["stop"]?.stringValue.map { [$0] } ?? object["stop"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            seed: object["seed"]?.intValue,
            reasoningEffort: object["reasoning_effort"]?.stringValue,
            user: object["user"]?.stringValue,
            metadata: object["metadata"]?.objectValue,
            stream: request.stream,
            streamIncludeUsage: request.includeUsage,
            extra: extra
        )
    }

    static func decodeMessage(_ value: JSONValue) -> Message? {
        guard let roleName = value["role"]?.stringValue else { return nil }
        let role = Message.Role(rawValue: roleName == "function" ? "tool" : roleName) ?? .user
        var content: [ContentBlock] = []
        if role == .tool {
            let result = ToolResult(
                toolCallID: value["tool_call_id"]?.stringValue ?? value["name"]?.stringValue ?? "",
                content: decodeContent(value["content"]))
            content.append(.toolResult(result))
        } else {
            content = decodeContent(value["content"])
        }
        if let refusal = value["refusal"]?.stringValue { content.append(.refusal(refusal)) }
        for call in value["tool_calls"]?.arrayValue ?? [] {
            guard let function = call["function"] else { continue }
            content.append(.toolCall(ToolCall(
                id: call["id"]?.stringValue ?? "",
                name: function["name"]?.stringValue ?? "",
                arguments: function["arguments"]?.stringValue ?? "{}")))
        }
        return Message(role: role, content: content, name: value["name"]?.stringValue)
    }

    static func decodeContent(_ value: JSONValue?) -> [ContentBlock] {
        switch value {
        case .string(let text)?: return [.text(text)]
        case .array(let parts)?: return parts.map(decodePart)
        default: return []
        }
    }

    static func decodePart(_ part: JSONValue) -> ContentBlock {
        switch part["type"]?.stringValue {
        case "text": return .text(part["text"]?.stringValue ?? "")
        case "image_url":
            let url = part["image_url"]?["url"]?.stringValue ?? part["image_url"]?.stringValue
            return .image(ImageSource(url: url, detail: part["image_url"]?["detail"]?.stringValue))
        case "refusal": return .refusal(part["refusal"]?.stringValue ?? "")
        default: return .unknown(part)
        }
    }

    static func decodeTool(_ value: JSONValue) -> ToolDefinition? {
        guard value["type"]?.stringValue == "function", let function = value["function"],
            let name = function["name"]?.stringValue
        else { return nil }
        return ToolDefinition(
            name: name, description: function["description"]?.stringValue,
            parameters: function["parameters"], strict: function["strict"]?.boolValue)
    }

    static func decodeToolChoice(_ value: JSONValue) -> ToolChoice? {
        switch value {
        case .string("auto"): return .auto
        case .string("none"): return ToolChoice.none
        case .string("required"): return .required
        default: return value["function"]?["name"]?.stringValue.map(ToolChoice.function)
        }
    }

    static func decodeResponseFormat(_ value: JSONValue) -> ResponseFormat? {
        switch value["type"]?.stringValue {
        case "json_object": return .jsonObject
        case "json_schema":
            let schema = value["json_schema"]
            return .jsonSchema(
                name: schema?["name"]?.stringValue ?? "response", schema: schema?["schema"],
                strict: schema?["strict"]?.boolValue)
        case "text": return .text
        default: return nil
        }
    }
}
