import SwitchboardCore

/// Writes canonical messages as a Messages request's `system` and `messages`.
///
/// System and developer messages (wherever they are) become `system`; tool messages become
/// `tool_result` blocks of one user turn, which also takes a user message that follows them
/// (as Anthropic clients send it). Within a user turn tool results come first, as Anthropic
/// requires. Empty text blocks and turns left empty are not sent (Anthropic rejects them).
struct AnthropicMessageWriter {
    /// Whether `.unknown` blocks are Anthropic blocks (the request came from an Anthropic client).
    let keepsUnknownBlocks: Bool

    /// `system` as a string for one text, as text blocks for several; nil when there is none.
    func system(_ messages: [Message], instruction: String?) -> JSONValue? {
        var texts = messages.filter { $0.role == .system || $0.role == .developer }
            .flatMap { $0.content.compactMap(\.text) }
            .filter { !$0.isEmpty }
        if let instruction { texts.append(instruction) }
        if texts.count == 1 { return .string(texts[0]) }
        return texts.isEmpty ? nil : .array(texts.map(AnthropicContentWriter.text))
    }

    func messages(_ messages: [Message]) throws(GatewayError) -> [JSONValue] {
        var turns: [(role: String, content: [JSONValue], takesUserContent: Bool)] = []
        for (index, message) in messages.enumerated() {
            var blocks: [JSONValue] = []
            for block in message.content {
                if let written = try self.block(block, messageIndex: index) { blocks.append(written) }
            }
            switch message.role {
            case .system, .developer:
                continue
            case .assistant:
                if !blocks.isEmpty { turns.append(("assistant", blocks, false)) }
            case .user, .tool:
                guard !blocks.isEmpty else { continue }
                if let last = turns.last, last.role == "user", last.takesUserContent {
                    turns[turns.count - 1].content = Self.toolResultsFirst(last.content + blocks)
                    turns[turns.count - 1].takesUserContent = message.role == .tool
                } else {
                    turns.append(("user", Self.toolResultsFirst(blocks), message.role == .tool))
                }
            }
        }
        return turns.map { .object(["role": .string($0.role), "content": .array($0.content)]) }
    }

    private func block(_ block: ContentBlock, messageIndex: Int) throws(GatewayError) -> JSONValue? {
        switch block {
        case .text(let text), .refusal(let text):
            return text.isEmpty ? nil : AnthropicContentWriter.text(text)
        case .image(let image):
            return AnthropicContentWriter.image(image)
        case .toolCall(let call):
            guard let input = AnthropicContentWriter.input(of: call) else {
                throw GatewayError.invalidRequest(
                    "messages[\(messageIndex)]: the arguments of tool call '\(call.id)' (\(call.name)) are not a JSON object.",
                    param: "messages[\(messageIndex)]")
            }
            return AnthropicContentWriter.toolUse(call, input: input)
        case .toolResult(let result):
            return toolResult(result)
        case .reasoning(let reasoning):
            guard reasoning.isNative(to: .anthropic) else { return nil }
            if let signature = reasoning.signature, !signature.isEmpty {
                return AnthropicContentWriter.thinking(text: reasoning.text, signature: signature)
            }
            return reasoning.encryptedContent.map(AnthropicContentWriter.redactedThinking)
        case .unknown(let value):
            return keepsUnknownBlocks ? value : nil
        }
    }

    /// A `tool_result` block: its content as a string when it is one text, else as blocks.
    private func toolResult(_ result: ToolResult) -> JSONValue {
        var object: JSONObject = ["type": "tool_result", "tool_use_id": .string(result.toolCallID)]
        var content: [JSONValue] = []
        for block in result.content {
            switch block {
            case .text(let text) where !text.isEmpty: content.append(AnthropicContentWriter.text(text))
            case .image(let image): if let written = AnthropicContentWriter.image(image) { content.append(written) }
            case .unknown(let value) where keepsUnknownBlocks: content.append(value)
            default: break
            }
        }
        if content.count == 1, let text = content[0]["text"]?.stringValue, content[0]["type"] == "text" {
            object["content"] = .string(text)
        } else if !content.isEmpty {
            object["content"] = .array(content)
        }
        if result.isError { object["is_error"] = .bool(true) }
        return .object(object)
    }

    private static func toolResultsFirst(_ blocks: [JSONValue]) -> [JSONValue] {
        let results = blocks.filter { $0["type"] == "tool_result" }
        guard !results.isEmpty else { return blocks }
        return results + blocks.filter { $0["type"] != "tool_result" }
    }
}
