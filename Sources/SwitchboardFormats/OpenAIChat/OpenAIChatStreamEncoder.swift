public import SwitchboardCore

/// Writes canonical stream events as Chat Completions chunks (`chat.completion.chunk`).
///
/// Usage becomes the final chunk with empty `choices`, sent only when the client asked for it.
public struct OpenAIChatStreamEncoder: ClientStreamEncoding {
    private var id = ""
    private var model: String
    private var created = 0
    private let includeUsage: Bool
    private var sentRole = false

    public init(model: String, includeUsage: Bool) {
        self.model = model
        self.includeUsage = includeUsage
    }

    /// The SSE events for one canonical event (possibly none).
    public mutating func encode(_ event: StreamEvent) -> [ServerSentEvent] {
        switch event {
        case .start(let id, _, let created):
            self.id = id
            self.created = created
            sentRole = true
            return [chunk(delta: ["role": "assistant", "content": "", "refusal": .null])]
        case .textDelta(let text):
            return [chunk(delta: roleIfNeeded(["content": .string(text)]))]
        case .refusalDelta(let text):
            return [chunk(delta: roleIfNeeded(["refusal": .string(text)]))]
        case .reasoningDelta(let reasoning):
            return [chunk(delta: roleIfNeeded(["reasoning_content": .string(reasoning.text)]))]
        case .toolCallStart(let index, let id, let name):
            let call = OpenAIChatEncoder.toolCallJSON(ToolCall(id: id, name: name, arguments: ""), index: index)
            return [chunk(delta: roleIfNeeded(["tool_calls": .array([call])]))]
        case .toolCallArgumentsDelta(let index, let delta):
            let call: JSONValue = .object(["index": .int(index), "function": .object(["arguments": .string(delta)])])
            return [chunk(delta: ["tool_calls": .array([call])])]
        case .toolCallSignature, .stopSequence:
            return []
        case .finish(let reason):
            return [chunk(delta: [:], finishReason: OpenAIChatFinishReason.encode(reason))]
        case .usage(let usage):
            guard includeUsage else { return [] }
            var object = header()
            object["choices"] = .array([])
            object["usage"] = OpenAIChatUsage.encode(usage)
            return [ServerSentEvent(data: JSON.serialize(.object(object)))]
        }
    }

    public mutating func finish() -> [ServerSentEvent] { [Self.done] }

    public mutating func fail(_ error: GatewayError) -> [ServerSentEvent] {
        [ServerSentEvent(data: JSON.serialize(OpenAIErrorEnvelope.encode(error))), Self.done]
    }

    /// The stream's terminator.
    public static let done = ServerSentEvent(data: OpenAIChatStreamRelay.doneMarker)

    /// How a stream that fails after it started ends: an error event in OpenAI's envelope, then `[DONE]`.
    public static func failure(_ error: GatewayError) -> [UInt8] {
        ServerSentEvent(data: JSON.serialize(OpenAIErrorEnvelope.encode(error))).encoded() + done.encoded()
    }

    private mutating func roleIfNeeded(_ delta: JSONObject) -> JSONObject {
        guard !sentRole else { return delta }
        sentRole = true
        var withRole: JSONObject = ["role": "assistant"]
        for member in delta { withRole[member.key] = member.value }
        return withRole
    }

    private func header() -> JSONObject {
        ["id": .string(id), "object": "chat.completion.chunk", "created": .int(created), "model": .string(model)]
    }

    private func chunk(delta: JSONObject, finishReason: String? = nil) -> ServerSentEvent {
        var object = header()
        let choice: JSONObject = [
            "index": .int(0),
            "delta": .object(delta),
            "logprobs": .null,
            "finish_reason": finishReason.map(JSONValue.string) ?? .null,
        ]
        object["choices"] = .array([.object(choice)])
        if includeUsage { object["usage"] = .null }
        return ServerSentEvent(data: JSON.serialize(.object(object)))
    }
}
