import SwitchboardCore

/// Writes canonical messages as Chat Completions `messages`.
///
/// Tool results become `role: tool` messages wherever they were (Anthropic puts them in user
/// turns), placed before the rest of their turn so they follow the assistant's calls as Chat
/// requires.
struct OpenAIChatMessageWriter {
    /// Whether `.unknown` blocks are Chat content parts (the request came from a Chat client).
    let keepsUnknownParts: Bool

    func messages(_ messages: [Message]) -> [JSONValue] {
        var output: [JSONValue] = []
        for message in messages {
            for case .toolResult(let result) in message.content {
                output.append(Self.toolMessage(result))
            }
            if let written = write(message) { output.append(.object(written)) }
        }
        return output
    }

    private func write(_ message: Message) -> JSONObject? {
        var object: JSONObject
        switch message.role {
        case .tool:
            return nil
        case .system, .developer:
            let text = message.content.compactMap(\.text)
            guard !text.isEmpty else { return nil }
            object = ["role": .string(message.role.rawValue), "content": .string(text.joined(separator: "\n\n"))]
        case .user:
            let parts = message.content.compactMap(userPart)
            guard !parts.isEmpty else { return nil }
            if parts.count == 1, parts[0]["type"] == "text", let text = parts[0]["text"]?.stringValue {
                object = ["role": "user", "content": .string(text)]
            } else {
                object = ["role": "user", "content": .array(parts)]
            }
        case .assistant:
            guard let assistant = assistantMessage(message) else { return nil }
            object = assistant
        }
        if let name = message.name { object["name"] = .string(name) }
        return object
    }

    private func userPart(_ block: ContentBlock) -> JSONValue? {
        switch block {
        case .text(let text): return .object(["type": "text", "text": .string(text)])
        case .image(let image): return Self.imagePart(image)
        case .unknown(let part) where keepsUnknownParts: return part
        default: return nil
        }
    }

    private func assistantMessage(_ message: Message) -> JSONObject? {
        var text = ""
        var refusal: String?
        var calls: [JSONValue] = []
        var reasoning: [String] = []
        for block in message.content {
            switch block {
            case .text(let value): text += value
            case .refusal(let value): refusal = (refusal ?? "") + value
            case .toolCall(let call): calls.append(Self.toolCallJSON(call))
            case .reasoning(let value) where value.providerFamily == nil && !value.text.isEmpty: reasoning.append(value.text)
            default: break
            }
        }
        var object: JSONObject = ["role": "assistant"]
        if !text.isEmpty {
            object["content"] = .string(text)
        } else {
            object["content"] = calls.isEmpty && refusal == nil ? .string("") : .null
        }
        if !calls.isEmpty {
            if !reasoning.isEmpty { object["reasoning_content"] = .string(reasoning.joined()) }
            object["tool_calls"] = .array(calls)
        }
        if let refusal { object["refusal"] = .string(refusal) }
        return object
    }

    static func toolMessage(_ result: ToolResult) -> JSONValue {
        let text = result.content.compactMap(\.text).joined(separator: "\n")
        return .object(["role": "tool", "tool_call_id": .string(result.toolCallID), "content": .string(text)])
    }

    static func toolCallJSON(_ call: ToolCall) -> JSONValue {
        .object([
            "id": .string(call.id),
            "type": "function",
            "function": .object(["name": .string(call.name), "arguments": .string(call.arguments.isEmpty ? "{}" : call.arguments)]),
        ])
    }

    /// An `image_url` part: the URL as given, or a `data:` URL built from inline bytes.
    static func imagePart(_ image: ImageSource) -> JSONValue? {
        let url: String
        if let given = image.url {
            url = given
        } else if let data = image.base64Data {
            url = "data:\(image.mediaType ?? "image/png");base64,\(data)"
        } else {
            return nil
        }
        var imageURL: JSONObject = ["url": .string(url)]
        if let detail = image.detail { imageURL["detail"] = .string(detail) }
        return .object(["type": "image_url", "image_url": .object(imageURL)])
    }
}
