import SwitchboardCore

/// The checks Anthropic's Messages API makes on a request body, with messages worded like its own,
/// so a gateway's translation to Anthropic is proven valid against the test upstream.
enum TestUpstreamAnthropicValidation {
    /// What is wrong with `body`, naming the field; nil when Anthropic would accept it.
    static func problem(in body: JSONValue) -> String? {
        guard body.objectValue != nil else { return "The request body must be a JSON object." }
        guard body["model"]?.stringValue != nil else { return "model: Field required" }
        guard let maxTokens = body["max_tokens"] else { return "max_tokens: Field required" }
        guard let maxValue = maxTokens.intValue, maxValue >= 1 else {
            return "max_tokens: Input should be an integer greater than or equal to 1"
        }
        guard let messages = body["messages"]?.arrayValue else { return "messages: Field required" }
        guard !messages.isEmpty else { return "messages: at least one message is required" }
        if let system = body["system"], let problem = systemProblem(system) { return problem }
        for (index, message) in messages.enumerated() {
            let previous = index > 0 ? messages[index - 1] : nil
            if let problem = messageProblem(message, at: index, previous: previous, isLast: index == messages.count - 1) {
                return problem
            }
        }
        for (index, tool) in (body["tools"]?.arrayValue ?? []).enumerated() {
            guard tool["name"]?.stringValue != nil else { return "tools.\(index).name: Field required" }
            if tool["type"] == nil || tool["type"] == "custom", tool["input_schema"]?.objectValue == nil {
                return "tools.\(index).custom.input_schema: Field required"
            }
        }
        return nil
    }

    private static func systemProblem(_ system: JSONValue) -> String? {
        if system.stringValue != nil { return nil }
        guard let blocks = system.arrayValue else { return "system: Input should be a valid string or a list of text blocks" }
        for (index, block) in blocks.enumerated() where block["type"] != "text" || block["text"]?.stringValue == nil {
            return "system.\(index): Input should be a text block with a string `text`"
        }
        return nil
    }

    private static func messageProblem(_ message: JSONValue, at index: Int, previous: JSONValue?, isLast: Bool) -> String? {
        let role = message["role"]?.stringValue
        guard role == "user" || role == "assistant" else {
            return "messages.\(index).role: Input should be 'user' or 'assistant'"
        }
        let blocks: [JSONValue]
        switch message["content"] {
        case .string(let text)?:
            if text.isEmpty, !(isLast && role == "assistant") {
                return "messages.\(index): all messages must have non-empty content except for the optional final assistant message"
            }
            blocks = []
        case .array(let array)?:
            if array.isEmpty, !(isLast && role == "assistant") {
                return "messages.\(index): all messages must have non-empty content except for the optional final assistant message"
            }
            blocks = array
        default:
            return "messages.\(index).content: Input should be a valid string or a list of content blocks"
        }
        let previousToolUses = Set((previous?["content"]?.arrayValue ?? []).filter { $0["type"] == "tool_use" }.compactMap { $0["id"]?.stringValue })
        for (position, block) in blocks.enumerated() {
            let path = "messages.\(index).content.\(position)"
            if let problem = blockProblem(block, path: path, role: role ?? "", previousToolUses: previous?["role"] == "assistant" ? previousToolUses : []) {
                return problem
            }
        }
        if previous?["role"] == "assistant", !previousToolUses.isEmpty {
            let answered = Set(blocks.filter { $0["type"] == "tool_result" }.compactMap { $0["tool_use_id"]?.stringValue })
            let missing = previousToolUses.subtracting(answered).sorted()
            if !missing.isEmpty {
                return "messages.\(index): `tool_use` ids were found without `tool_result` blocks immediately after: \(missing.joined(separator: ", ")). Each `tool_use` block must have a corresponding `tool_result` block in the next message."
            }
        }
        return nil
    }

    private static func blockProblem(_ block: JSONValue, path: String, role: String, previousToolUses: Set<String>) -> String? {
        guard let type = block["type"]?.stringValue else { return "\(path).type: Field required" }
        switch type {
        case "text":
            guard let text = block["text"]?.stringValue else { return "\(path).text: Field required" }
            if text.isEmpty { return "\(path): text content blocks must be non-empty" }
        case "image", "document":
            guard block["source"]?.objectValue != nil else { return "\(path).source: Field required" }
        case "tool_use":
            guard role == "assistant" else { return "\(path): `tool_use` blocks may only appear in assistant messages" }
            guard block["id"]?.stringValue != nil else { return "\(path).id: Field required" }
            guard block["name"]?.stringValue != nil else { return "\(path).name: Field required" }
            guard block["input"]?.objectValue != nil else { return "\(path).input: Input should be a valid dictionary" }
        case "tool_result":
            guard role == "user" else { return "\(path): `tool_result` blocks may only appear in user messages" }
            guard let id = block["tool_use_id"]?.stringValue else { return "\(path).tool_use_id: Field required" }
            guard previousToolUses.contains(id) else {
                return "\(path): unexpected `tool_use_id` found in `tool_result` blocks: \(id). Each `tool_result` block must have a corresponding `tool_use` block in the previous message."
            }
        case "thinking":
            guard block["thinking"]?.stringValue != nil else { return "\(path).thinking: Field required" }
            guard block["signature"]?.stringValue != nil else { return "\(path).signature: Field required" }
        case "redacted_thinking":
            guard block["data"]?.stringValue != nil else { return "\(path).data: Field required" }
        default:
            break
        }
        return nil
    }
}
