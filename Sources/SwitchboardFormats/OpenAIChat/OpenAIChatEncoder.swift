public import SwitchboardCore

/// Writes canonical responses as Chat Completions bodies.
public enum OpenAIChatEncoder {
    public static func encode(_ response: GenerationResponse) -> JSONValue {
        var message: JSONObject = ["role": "assistant"]
        let text = response.content.compactMap(\.text).joined()
        let toolCalls = response.content.compactMap { block -> JSONValue? in
            guard case .toolCall(let call) = block else { return nil }
            return toolCallJSON(call, index: nil)
        }
        let refusal = response.content.compactMap { block -> String? in
            if case .refusal(let value) = block { return value }
            return nil
        }
        message["content"] = text.isEmpty && (!toolCalls.isEmpty || !refusal.isEmpty) ? .null : .string(text)
        message["refusal"] = refusal.isEmpty ? .null : .string(refusal.joined())
        if !toolCalls.isEmpty { message["tool_calls"] = .array(toolCalls) }
        let choice: JSONObject = [
            "index": .int(0),
            "message": .object(message),
            "logprobs": .null,
            "finish_reason": .string(OpenAIChatFinishReason.encode(response.finishReason)),
        ]
        return .object([
            "id": .string(response.id),
            "object": "chat.completion",
            "created": .int(response.created),
            "model": .string(response.model),
            "choices": .array([.object(choice)]),
            "usage": OpenAIChatUsage.encode(response.usage),
        ])
    }

    static func toolCallJSON(_ call: ToolCall, index: Int?) -> JSONValue {
        var object: JSONObject = [:]
        if let index { object["index"] = .int(index) }
        object["id"] = .string(call.id)
        object["type"] = "function"
        object["function"] = .object(["name": .string(call.name), "arguments": .string(call.arguments)])
        return .object(object)
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}
