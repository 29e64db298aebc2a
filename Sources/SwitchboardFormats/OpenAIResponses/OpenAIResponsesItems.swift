public import SwitchboardCore

/// Output items of a Responses response: reading them from a response object, and building them
/// from canonical content.
///
/// The stream encoder and the response encoder share these builders, so a streamed response ends
/// with exactly the items a non-streamed one would hold. Item ids derive from the response id and
/// the item's position, so they are stable for the stored response; a reasoning item produced by
/// OpenAI keeps its own `rs_` id (and `encrypted_content`) so it can go back upstream.
public enum OpenAIResponsesItems {
    /// The `output` array of a response object, for the server to store.
    public static func outputItems(of response: JSONValue) -> [JSONValue] {
        response["output"]?.arrayValue ?? []
    }

    /// Summary parts are joined with this when read into one reasoning text.
    static let summarySeparator = "\n\n"

    /// One output item planned from canonical content.
    enum Planned: Equatable {
        case reasoning(Reasoning)
        case message([MessagePart])
        case functionCall(ToolCall)
    }

    struct MessagePart: Equatable {
        var isRefusal: Bool
        var text: String
    }

    /// Groups content into output items: consecutive text and refusal blocks share one message
    /// item (adjacent blocks of the same kind share one part); each reasoning block and tool call
    /// is an item of its own. Empty text and reasoning with nothing to show are left out, as in
    /// the stream.
    static func plan(_ content: [ContentBlock]) -> [Planned] {
        var items: [Planned] = []
        func appendPart(_ text: String, isRefusal: Bool) {
            guard !text.isEmpty else { return }
            if case .message(var parts)? = items.last {
                if parts[parts.count - 1].isRefusal == isRefusal {
                    parts[parts.count - 1].text += text
                } else {
                    parts.append(MessagePart(isRefusal: isRefusal, text: text))
                }
                items[items.count - 1] = .message(parts)
            } else {
                items.append(.message([MessagePart(isRefusal: isRefusal, text: text)]))
            }
        }
        for block in content {
            switch block {
            case .text(let text): appendPart(text, isRefusal: false)
            case .refusal(let text): appendPart(text, isRefusal: true)
            case .toolCall(let call): items.append(.functionCall(call))
            case .reasoning(let reasoning) where isVisible(reasoning): items.append(.reasoning(reasoning))
            default: continue
            }
        }
        return items
    }

    /// Whether a reasoning block becomes an item: it has summary text or OpenAI's encrypted content.
    static func isVisible(_ reasoning: Reasoning) -> Bool {
        !reasoning.text.isEmpty || (reasoning.isNative(to: .openai) && reasoning.encryptedContent != nil)
    }

    /// The output items for canonical content.
    static func output(of content: [ContentBlock], responseID: String) -> [JSONValue] {
        plan(content).enumerated().map { index, planned in
            switch planned {
            case .reasoning(let reasoning):
                return reasoningItem(reasoning, id: reasoningItemID(reasoning, responseID: responseID, index: index))
            case .message(let parts):
                return messageItem(id: itemID("msg", responseID: responseID, index: index), parts: parts.map(partJSON))
            case .functionCall(let call):
                return functionCallItem(call, id: itemID("fc", responseID: responseID, index: index))
            }
        }
    }

    static func itemID(_ prefix: String, responseID: String, index: Int) -> String {
        let suffix = responseID.hasPrefix("resp_") ? String(responseID.dropFirst(5)) : responseID
        return "\(prefix)_\(suffix)_\(index)"
    }

    static func reasoningItemID(_ reasoning: Reasoning, responseID: String, index: Int) -> String {
        if reasoning.isNative(to: .openai), let id = reasoning.id, !id.isEmpty { return id }
        return itemID("rs", responseID: responseID, index: index)
    }

    static func reasoningItem(_ reasoning: Reasoning, id: String) -> JSONValue {
        var item: JSONObject = ["id": .string(id), "type": "reasoning"]
        if reasoning.isNative(to: .openai), let encrypted = reasoning.encryptedContent {
            item["encrypted_content"] = .string(encrypted)
        }
        item["summary"] = .array(reasoning.text.isEmpty ? [] : [summaryPart(reasoning.text)])
        return .object(item)
    }

    static func summaryPart(_ text: String) -> JSONValue {
        .object(["type": "summary_text", "text": .string(text)])
    }

    static func messageItem(id: String, parts: [JSONValue], status: String = "completed") -> JSONValue {
        .object([
            "id": .string(id), "type": "message", "status": .string(status), "content": .array(parts),
            "role": "assistant",
        ])
    }

    static func partJSON(_ part: MessagePart) -> JSONValue {
        part.isRefusal ? refusalPart(part.text) : textPart(part.text)
    }

    static func textPart(_ text: String) -> JSONValue {
        .object(["type": "output_text", "annotations": .array([]), "logprobs": .array([]), "text": .string(text)])
    }

    static func refusalPart(_ text: String) -> JSONValue {
        .object(["type": "refusal", "refusal": .string(text)])
    }

    static func functionCallItem(_ call: ToolCall, id: String, status: String = "completed") -> JSONValue {
        .object([
            "id": .string(id), "type": "function_call", "status": .string(status),
            "arguments": .string(call.arguments), "call_id": .string(call.id), "name": .string(call.name),
        ])
    }
}
