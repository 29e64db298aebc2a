import SwitchboardCore

/// Turns Responses items (input items, or the output items of stored responses) into canonical
/// messages.
///
/// Items the model produced in one turn (reasoning, an assistant message, function calls, server
/// tool calls) merge into one assistant message in their order; each `function_call_output`
/// becomes a tool message. Items the canonical model does not know (`item_reference`, server tool
/// calls and their outputs) are kept as `.unknown`: on the assistant's side when they are calls
/// the model made, otherwise in a user message.
enum OpenAIResponsesItemDecoder {
    static func messages(from items: [JSONValue]) -> [Message] {
        var messages: [Message] = []
        func appendToAssistant(_ blocks: [ContentBlock]) {
            if let last = messages.indices.last, messages[last].role == .assistant {
                messages[last].content += blocks
            } else {
                messages.append(Message(role: .assistant, content: blocks))
            }
        }
        for item in items {
            let type = item["type"]?.stringValue ?? (item["role"] != nil ? "message" : "")
            switch type {
            case "message":
                let role = Message.Role(rawValue: item["role"]?.stringValue ?? "user") ?? .user
                let content = contentBlocks(ofParts: item["content"])
                if role == .assistant {
                    appendToAssistant(content)
                } else {
                    messages.append(Message(role: role, content: content))
                }
            case "reasoning":
                appendToAssistant([.reasoning(reasoning(of: item))])
            case "function_call":
                appendToAssistant([.toolCall(toolCall(of: item))])
            case "function_call_output":
                let result = ToolResult(
                    toolCallID: item["call_id"]?.stringValue ?? "", content: contentBlocks(ofParts: item["output"]))
                messages.append(Message(role: .tool, content: [.toolResult(result)]))
            default:
                if isModelItem(type) {
                    appendToAssistant([.unknown(item)])
                } else if let last = messages.indices.last, messages[last].role == .user {
                    messages[last].content.append(.unknown(item))
                } else {
                    messages.append(Message(role: .user, content: [.unknown(item)]))
                }
            }
        }
        return messages
    }

    /// Output items of a tool the model called on the server side (`web_search_call`, ...).
    static func isModelItem(_ type: String) -> Bool {
        type.hasSuffix("_call") || type == "mcp_list_tools" || type == "mcp_approval_request"
    }

    static func reasoning(of item: JSONValue) -> Reasoning {
        var parts = (item["summary"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
        if parts.isEmpty {
            parts = (item["content"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
        }
        return Reasoning(
            text: parts.joined(separator: OpenAIResponsesItems.summarySeparator),
            encryptedContent: item["encrypted_content"]?.stringValue,
            providerFamily: ProviderFamily.openai.rawValue,
            id: item["id"]?.stringValue)
    }

    static func toolCall(of item: JSONValue) -> ToolCall {
        ToolCall(
            id: item["call_id"]?.stringValue ?? item["id"]?.stringValue ?? "",
            name: item["name"]?.stringValue ?? "",
            arguments: item["arguments"]?.stringValue ?? "{}")
    }

    /// Message content or tool output: a string, or an array of parts.
    static func contentBlocks(ofParts value: JSONValue?) -> [ContentBlock] {
        switch value {
        case .string(let text)?: return [.text(text)]
        case .array(let parts)?: return parts.map(contentBlock(ofPart:))
        default: return []
        }
    }

    static func contentBlock(ofPart part: JSONValue) -> ContentBlock {
        switch part["type"]?.stringValue {
        case "input_text", "output_text", "text":
            return .text(part["text"]?.stringValue ?? "")
        case "refusal":
            return .refusal(part["refusal"]?.stringValue ?? "")
        case "input_image":
            guard let url = part["image_url"]?.stringValue else { return .unknown(part) }
            return .image(ImageSource(url: url, detail: part["detail"]?.stringValue))
        default:
            return .unknown(part)
        }
    }
}
