import SwitchboardCore

/// Canonical messages -> Responses input items, for the upstream adapter.
///
/// Text and images become message items, tool calls `function_call` items and tool results
/// `function_call_output` items, in their order. Reasoning goes back only when OpenAI produced it
/// with `encrypted_content` (the gateway sends `store: false`, so an item without it cannot be
/// resolved upstream); other reasoning, foreign or not, is dropped.
enum OpenAIResponsesInputEncoder {
    static func items(of message: Message, includesReasoning: inout Bool) -> [JSONValue] {
        var items: [JSONValue] = []
        var parts: [JSONValue] = []
        let role: String = switch message.role {
        case .assistant: "assistant"
        case .system, .developer: "developer"
        case .user, .tool: "user"
        }
        func flushParts() {
            guard !parts.isEmpty else { return }
            items.append(.object(["type": "message", "role": .string(role), "content": .array(parts)]))
            parts = []
        }
        for block in message.content {
            switch block {
            case .text(let text):
                parts.append(.object(["type": .string(role == "assistant" ? "output_text" : "input_text"), "text": .string(text)]))
            case .refusal(let text) where role == "assistant":
                parts.append(.object(["type": "refusal", "refusal": .string(text)]))
            case .refusal(let text):
                parts.append(.object(["type": "input_text", "text": .string(text)]))
            case .image(let image) where role != "assistant":
                if let part = imagePart(image) { parts.append(part) }
            case .unknown(let part) where role != "assistant" && isInputPart(part):
                parts.append(part)
            case .toolCall(let call):
                flushParts()
                items.append(.object([
                    "type": "function_call", "call_id": .string(call.id), "name": .string(call.name),
                    "arguments": .string(call.arguments),
                ]))
            case .toolResult(let result):
                flushParts()
                items.append(.object([
                    "type": "function_call_output", "call_id": .string(result.toolCallID), "output": output(of: result),
                ]))
            case .reasoning(let reasoning) where reasoning.isNative(to: .openai) && reasoning.encryptedContent != nil:
                flushParts()
                includesReasoning = true
                var item: JSONObject = ["type": "reasoning"]
                if let id = reasoning.id { item["id"] = .string(id) }
                item["summary"] = .array(reasoning.text.isEmpty ? [] : [OpenAIResponsesItems.summaryPart(reasoning.text)])
                item["encrypted_content"] = reasoning.encryptedContent.map(JSONValue.string) ?? .null
                items.append(.object(item))
            default:
                continue
            }
        }
        flushParts()
        return items
    }

    static func imagePart(_ image: ImageSource) -> JSONValue? {
        let url: String
        if let given = image.url {
            url = given
        } else if let data = image.base64Data {
            url = "data:\(image.mediaType ?? "image/png");base64,\(data)"
        } else {
            return nil
        }
        return .object(["type": "input_image", "image_url": .string(url), "detail": .string(image.detail ?? "auto")])
    }

    /// A Responses input part the canonical model keeps as unknown (`input_file`, `input_image` by file id).
    static func isInputPart(_ part: JSONValue) -> Bool {
        part["type"]?.stringValue?.hasPrefix("input_") == true
    }

    /// A tool result's output: a string when it is all text, else input parts.
    static func output(of result: ToolResult) -> JSONValue {
        let texts = result.content.compactMap(\.text)
        if texts.count == result.content.count { return .string(texts.joined()) }
        var parts: [JSONValue] = []
        for block in result.content {
            switch block {
            case .text(let text): parts.append(.object(["type": "input_text", "text": .string(text)]))
            case .image(let image): if let part = imagePart(image) { parts.append(part) }
            case .unknown(let part) where isInputPart(part): parts.append(part)
            default: continue
            }
        }
        return .array(parts)
    }
}
