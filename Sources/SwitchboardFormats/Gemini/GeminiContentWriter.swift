import SwitchboardCore

/// Writes canonical messages as Gemini `contents` (and the `systemInstruction`) for an upstream.
///
/// System and developer messages are hoisted into `systemInstruction`; assistant turns become
/// `model` contents (Gemini reasoning sent back with its signatures, reasoning of other families
/// dropped); tool results become `functionResponse` parts of a `user` content, consecutive ones
/// merged into one content, named after the call they answer.
enum GeminiContentWriter {
    static func isGeminiPart(_ part: JSONObject) -> Bool {
        part.keys.contains(where: GeminiPartReader.dataMembers.contains)
    }

    static func write(_ messages: [Message]) throws(GatewayError) -> (systemInstruction: JSONValue?, contents: [JSONValue]) {
        var systemParts: [JSONValue] = []
        var contents: [JSONValue] = []
        var calls: [(id: String, name: String)] = []
        var pendingResponses: [JSONValue] = []

        for (position, message) in messages.enumerated() {
            switch message.role {
            case .system, .developer:
                systemParts += message.content.compactMap { $0.text.map { .object(["text": .string($0)]) } }
            case .tool, .user:
                var parts = pendingResponses
                pendingResponses = []
                for block in message.content {
                    if case .toolResult(let result) = block {
                        parts.append(functionResponse(result, calls: calls))
                    } else if let part = userPart(block) {
                        parts.append(.object(part))
                    }
                }
                if message.role == .tool {
                    pendingResponses = parts
                } else if !parts.isEmpty {
                    contents.append(content(role: "user", parts: parts))
                }
            case .assistant:
                if !pendingResponses.isEmpty { contents.append(content(role: "user", parts: pendingResponses)) }
                pendingResponses = []
                let parts = try modelParts(message.content, path: "messages[\(position)]")
                for case .toolCall(let call) in message.content { calls.append((call.id, call.name)) }
                if !parts.isEmpty { contents.append(content(role: "model", parts: parts)) }
            }
        }
        if !pendingResponses.isEmpty { contents.append(content(role: "user", parts: pendingResponses)) }
        let instruction: JSONValue? = systemParts.isEmpty ? nil : .object(["parts": .array(systemParts)])
        return (instruction, contents)
    }

    private static func content(role: String, parts: [JSONValue]) -> JSONValue {
        .object(["role": .string(role), "parts": .array(parts)])
    }

    private static func userPart(_ block: ContentBlock) -> JSONObject? {
        switch block {
        case .text(let text), .refusal(let text): ["text": .string(text)]
        case .image(let image): GeminiPartsBuilder.imagePart(image)
        case .unknown(let value): value.objectValue.flatMap { isGeminiPart($0) ? $0 : nil }
        case .toolCall, .toolResult, .reasoning: nil
        }
    }

    private static func modelParts(_ blocks: [ContentBlock], path: String) throws(GatewayError) -> [JSONValue] {
        var builder = GeminiPartsBuilder(showsForeignThoughts: false)
        for block in blocks {
            switch block {
            case .reasoning(let reasoning): builder.addReasoning(reasoning)
            case .toolCall(let call): builder.addCall(call, arguments: try arguments(of: call, path: path))
            case .toolResult: break
            default: if let part = userPart(block) { builder.add(part) }
            }
        }
        return builder.finish()
    }

    /// A call's arguments as the object Gemini's `args` must be; an empty string is `{}`.
    private static func arguments(of call: ToolCall, path: String) throws(GatewayError) -> JSONValue {
        if call.arguments.allSatisfy(\.isWhitespace) { return .object([:]) }
        guard let parsed = try? JSON.parse(call.arguments), parsed.objectValue != nil else {
            throw GatewayError.invalidRequest(
                "Invalid '\(path)': the arguments of tool call '\(call.id)' (\(call.name)) are not a JSON object.",
                param: path)
        }
        return parsed
    }

    /// `{functionResponse: {name, response, id}}`: a result that is a JSON object is the response
    /// itself; any other text is wrapped as `{"result": text}` (`{"error": text}` for a failed call).
    private static func functionResponse(_ result: ToolResult, calls: [(id: String, name: String)]) -> JSONValue {
        let name = calls.last(where: { $0.id == result.toolCallID })?.name ?? result.toolCallID
        let text = result.content.compactMap(\.text).joined()
        let response: JSONValue
        if let parsed = try? JSON.parse(text), parsed.objectValue != nil {
            response = parsed
        } else {
            response = .object([result.isError ? "error" : "result": .string(text)])
        }
        var object: JSONObject = ["name": .string(name), "response": response]
        if !result.toolCallID.isEmpty { object["id"] = .string(result.toolCallID) }
        return .object(["functionResponse": .object(object)])
    }
}
