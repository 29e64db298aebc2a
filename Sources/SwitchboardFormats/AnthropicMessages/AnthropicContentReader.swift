import SwitchboardCore

/// Reads Anthropic content blocks (of requests and of responses) into canonical blocks.
///
/// Expects blocks that were validated (client requests) or that came from Anthropic itself
/// (upstream answers); a member that is missing reads as empty rather than failing.
enum AnthropicContentReader {
    static let family = ProviderFamily.anthropic.rawValue

    static func block(_ value: JSONValue) -> ContentBlock {
        switch value["type"]?.stringValue {
        case "text":
            return .text(value["text"]?.stringValue ?? "")
        case "image":
            return image(value["source"]).map(ContentBlock.image) ?? .unknown(value)
        case "tool_use":
            return .toolCall(ToolCall(
                id: value["id"]?.stringValue ?? "", name: value["name"]?.stringValue ?? "",
                arguments: JSON.string(value["input"] ?? .object([:]))))
        case "tool_result":
            return .toolResult(ToolResult(
                toolCallID: value["tool_use_id"]?.stringValue ?? "",
                content: toolResultContent(value["content"]),
                isError: value["is_error"]?.boolValue ?? false))
        case "thinking":
            let signature = value["signature"]?.stringValue
            return .reasoning(Reasoning(
                text: value["thinking"]?.stringValue ?? "",
                signature: signature?.isEmpty == false ? signature : nil,
                providerFamily: family))
        case "redacted_thinking":
            return .reasoning(Reasoning(text: "", encryptedContent: value["data"]?.stringValue, providerFamily: family))
        default:
            return .unknown(value)
        }
    }

    /// A `source` of type `base64` or `url`; nil for others (`file`, ...), kept as unknown blocks.
    static func image(_ source: JSONValue?) -> ImageSource? {
        switch source?["type"]?.stringValue {
        case "base64":
            return ImageSource(mediaType: source?["media_type"]?.stringValue, base64Data: source?["data"]?.stringValue)
        case "url":
            return ImageSource(url: source?["url"]?.stringValue)
        default:
            return nil
        }
    }

    /// A `tool_result`'s `content`: a string or content blocks.
    static func toolResultContent(_ value: JSONValue?) -> [ContentBlock] {
        switch value {
        case .string(let text)?: [.text(text)]
        case .array(let blocks)?: blocks.map(block)
        default: []
        }
    }
}
