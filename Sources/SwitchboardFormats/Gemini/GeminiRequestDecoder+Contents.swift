import SwitchboardCore

extension GeminiRequestDecoder {
    /// `systemInstruction` as a system message, then the conversation.
    static func messages(_ body: JSONObject) -> [Message] {
        var messages: [Message] = []
        if let instruction = body["systemInstruction"] {
            var reader = GeminiConversationReader()
            let content = instruction.stringValue.map { [ContentBlock.text($0)] } ?? reader.blocks(instruction)
            if !content.isEmpty { messages.append(Message(role: .system, content: content)) }
        }
        var reader = GeminiConversationReader()
        for content in body["contents"]?.arrayValue ?? [] {
            messages += reader.read(content)
        }
        return messages
    }
}

/// Reads a conversation's contents in order, remembering the function calls made so far so a
/// `functionResponse` without an `id` answers the earliest unanswered call of the same name.
///
/// A call without an `id` is named `call_<n>`, n counting the calls of the whole conversation, so
/// the same history decodes to the same ids on every turn. A response that matches no call keeps
/// the function's name as its call id.
struct GeminiConversationReader {
    private var callNumber = 0
    private var unanswered: [(id: String, name: String)] = []

    /// The messages of one content: `model` is an assistant turn; `user` (and the older `function`
    /// / `tool` roles) is a user turn, except that each `functionResponse` becomes a tool message,
    /// in place.
    mutating func read(_ content: JSONValue) -> [Message] {
        let parts = content["parts"]?.arrayValue?.compactMap(\.objectValue) ?? []
        if content["role"]?.stringValue == "model" {
            var blocks: [ContentBlock] = []
            for part in parts { blocks += GeminiPartReader.blocks(of: part, callNumber: &callNumber) }
            for case .toolCall(let call) in blocks { unanswered.append((call.id, call.name)) }
            return [Message(role: .assistant, content: blocks)]
        }
        var messages: [Message] = []
        var pending: [ContentBlock] = []
        for part in parts {
            if let response = part["functionResponse"]?.objectValue {
                if !pending.isEmpty { messages.append(Message(role: .user, content: pending)) }
                pending = []
                messages.append(Message(role: .tool, content: [.toolResult(toolResult(response))]))
            } else {
                pending += GeminiPartReader.blocks(of: part, callNumber: &callNumber)
            }
        }
        if !pending.isEmpty || messages.isEmpty { messages.append(Message(role: .user, content: pending)) }
        return messages
    }

    /// The blocks of a content's parts, for the system instruction (thoughts dropped).
    mutating func blocks(_ content: JSONValue) -> [ContentBlock] {
        let parts = content["parts"]?.arrayValue?.compactMap(\.objectValue) ?? []
        return parts.flatMap { part in GeminiPartReader.blocks(of: part, callNumber: &callNumber) }.filter {
            if case .reasoning = $0 { return false }
            return true
        }
    }

    private mutating func toolResult(_ response: JSONObject) -> ToolResult {
        let name = response["name"]?.stringValue ?? ""
        let id: String
        if let given = response["id"]?.stringValue {
            id = given
            unanswered.removeAll { $0.id == given }
        } else if let match = unanswered.firstIndex(where: { $0.name == name }) {
            id = unanswered.remove(at: match).id
        } else {
            id = name
        }
        let value = response["response"] ?? .object([:])
        let isError = value.objectValue.map { $0.keys == ["error"] } ?? false
        return ToolResult(toolCallID: id, content: [.text(JSON.string(value))], isError: isError)
    }
}
