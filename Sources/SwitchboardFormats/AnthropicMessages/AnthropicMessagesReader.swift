import SwitchboardCore

/// Validates a request's `system` and `messages` and reads them into canonical messages.
///
/// Each `tool_result` of a user turn becomes its own `tool` message, in order; the rest of that
/// turn (text next to the results) follows as a user message, so formats that keep tool results
/// in their own turns (Chat, Responses) see them right after the assistant's calls.
enum AnthropicMessagesReader {
    typealias Field = AnthropicRequestField

    /// `system` as a string or text blocks: one system message (nil when empty).
    static func system(_ value: JSONValue?) throws(GatewayError) -> Message? {
        switch value {
        case nil:
            return nil
        case .string(let text)?:
            return text.isEmpty ? nil : Message(role: .system, content: [.text(text)])
        case .array(let blocks)?:
            var content: [ContentBlock] = []
            for (index, block) in blocks.enumerated() {
                let path = "system[\(index)]"
                let object = try Field.element(block, at: path)
                let type = try Field.requiredString(object, "type", at: "\(path).type")
                guard type == "text" else { throw Field.invalid("\(path).type", "Input should be 'text'") }
                content.append(.text(try Field.requiredString(object, "text", at: "\(path).text")))
            }
            return content.isEmpty ? nil : Message(role: .system, content: content)
        default:
            throw Field.invalid("system", "Input should be a valid string or a list of text blocks")
        }
    }

    static func messages(_ value: JSONValue?) throws(GatewayError) -> [Message] {
        guard let value, !value.isNull else { throw Field.invalid("messages", "Field required") }
        guard let list = value.arrayValue else { throw Field.invalid("messages", "Input should be a valid list") }
        guard !list.isEmpty else { throw Field.invalid("messages", "at least one message is required") }
        var messages: [Message] = []
        for (index, element) in list.enumerated() {
            let path = "messages[\(index)]"
            let object = try Field.element(element, at: path)
            let role = try Field.requiredString(object, "role", at: "\(path).role")
            guard role == "user" || role == "assistant" else {
                throw Field.invalid("\(path).role", "Input should be 'user' or 'assistant'")
            }
            let content = try self.content(object["content"], at: "\(path).content")
            if role == "assistant" {
                messages.append(Message(role: .assistant, content: content))
                continue
            }
            var rest: [ContentBlock] = []
            var sawToolResult = false
            for block in content {
                if case .toolResult = block {
                    messages.append(Message(role: .tool, content: [block]))
                    sawToolResult = true
                } else {
                    rest.append(block)
                }
            }
            if !rest.isEmpty || !sawToolResult { messages.append(Message(role: .user, content: rest)) }
        }
        return messages
    }

    /// A message's `content`: a string or a list of validated blocks.
    static func content(_ value: JSONValue?, at path: String) throws(GatewayError) -> [ContentBlock] {
        switch value {
        case .string(let text)?:
            return [.text(text)]
        case .array(let blocks)?:
            var content: [ContentBlock] = []
            for (index, block) in blocks.enumerated() {
                content.append(try self.block(block, at: "\(path)[\(index)]"))
            }
            return content
        case nil, .null?:
            throw Field.invalid(path, "Field required")
        default:
            throw Field.invalid(path, "Input should be a valid string or a list of content blocks")
        }
    }

    /// One block, with the members its type requires checked.
    static func block(_ value: JSONValue, at path: String) throws(GatewayError) -> ContentBlock {
        let object = try Field.element(value, at: path)
        let type = try Field.requiredString(object, "type", at: "\(path).type")
        switch type {
        case "text":
            _ = try Field.requiredString(object, "text", at: "\(path).text")
        case "image":
            try validateImageSource(try Field.requiredObject(object, "source", at: "\(path).source"), at: "\(path).source")
        case "tool_use":
            _ = try Field.requiredString(object, "id", at: "\(path).id")
            _ = try Field.requiredString(object, "name", at: "\(path).name")
            _ = try Field.requiredObject(object, "input", at: "\(path).input")
        case "tool_result":
            _ = try Field.requiredString(object, "tool_use_id", at: "\(path).tool_use_id")
            _ = try Field.optionalBool(object, "is_error", at: "\(path).is_error")
            if let content = Field.present(object, "content"), content.stringValue == nil {
                _ = try self.content(content, at: "\(path).content")
            }
        case "thinking":
            _ = try Field.requiredString(object, "thinking", at: "\(path).thinking")
            _ = try Field.optionalString(object, "signature", at: "\(path).signature")
        case "redacted_thinking":
            _ = try Field.requiredString(object, "data", at: "\(path).data")
        default:
            break
        }
        return AnthropicContentReader.block(value)
    }

    private static func validateImageSource(_ source: JSONObject, at path: String) throws(GatewayError) {
        switch try Field.requiredString(source, "type", at: "\(path).type") {
        case "base64":
            _ = try Field.requiredString(source, "media_type", at: "\(path).media_type")
            _ = try Field.requiredString(source, "data", at: "\(path).data")
        case "url":
            _ = try Field.requiredString(source, "url", at: "\(path).url")
        default:
            break
        }
    }
}
