public import SwitchboardCore

/// Writes canonical stream events as a Responses event stream, the way OpenAI sends one.
///
/// `response.created` and `response.in_progress` first; then for each output item
/// `response.output_item.added`, its part and delta events and `response.output_item.done`; last
/// `response.completed` (or `response.incomplete`) carrying the whole response, built from the
/// accumulated content with ``OpenAIResponsesResponseEncoder`` so it equals the non-streamed
/// answer. Every event has `event: <type>` and a `sequence_number` from 0. Function calls stay
/// open until another item starts or the response ends, so interleaved argument deltas of
/// parallel calls are still written to the right item.
public struct OpenAIResponsesStreamEncoder: ClientStreamEncoding {
    let request: OpenAIResponsesRequest
    let id: String
    let createdAt: Int
    let model: String

    var sequenceNumber = 0
    var startedResponse = false
    var ended = false
    var nextOutputIndex = 0
    /// The canonical content so far, from which the final response is built.
    var content: [ContentBlock] = []
    var openMessage: OpenMessage?
    var openReasoning: OpenReasoning?
    /// Open function calls by their canonical index, in the order they started.
    var openCalls: [OpenCall] = []
    /// Where each canonical tool call's block is in `content`.
    var callBlocks: [Int: Int] = [:]
    /// The reasoning block further deltas with the same id extend, until one closes it.
    var extendableReasoningBlock: Int?
    var finishReason: FinishReason?
    var usage: Usage?

    /// The response object of the last event (`response.completed`, `response.incomplete` or
    /// `response.failed`), set once the stream has ended, for the server to store.
    public private(set) var finalResponse: JSONValue?

    public init(request: OpenAIResponsesRequest, id: String, createdAt: Int, model: String) {
        self.request = request
        self.id = id
        self.createdAt = createdAt
        self.model = model
    }

    public mutating func encode(_ event: StreamEvent) -> [ServerSentEvent] {
        guard !ended else { return [] }
        var events = startIfNeeded()
        switch event {
        case .start:
            break
        case .textDelta(let text):
            events += appendMessageText(text, isRefusal: false)
        case .refusalDelta(let text):
            events += appendMessageText(text, isRefusal: true)
        case .reasoningDelta(let reasoning):
            events += appendReasoning(reasoning)
        case .toolCallStart(let index, let callID, let name):
            events += startCall(index: index, callID: callID, name: name)
        case .toolCallArgumentsDelta(let index, let delta):
            events += appendArguments(index: index, delta: delta)
        case .toolCallSignature, .stopSequence:
            break
        case .finish(let reason):
            finishReason = reason
            events += closeAll()
        case .usage(let usage):
            self.usage = usage
        }
        return events
    }

    public mutating func finish() -> [ServerSentEvent] {
        guard !ended else { return [] }
        var events = startIfNeeded()
        events += closeAll()
        ended = true
        let hasCalls = content.contains { if case .toolCall = $0 { true } else { false } }
        let reason = finishReason ?? (hasCalls ? .toolCalls : .stop)
        let response = GenerationResponse(
            id: id, model: model, created: createdAt, content: content, finishReason: reason, usage: usage ?? Usage())
        let object = OpenAIResponsesResponseEncoder.encode(response, request: request, id: id, createdAt: createdAt)
        finalResponse = object
        let type = object["status"] == "incomplete" ? "response.incomplete" : "response.completed"
        events.append(emit(type, ["response": object]))
        return events
    }

    public mutating func fail(_ error: GatewayError) -> [ServerSentEvent] {
        guard !ended else { return [] }
        var events = startIfNeeded()
        ended = true
        let code: JSONValue = .string(error.code ?? error.type)
        events.append(emit("error", [
            "code": code, "message": .string(error.message), "param": error.param.map(JSONValue.string) ?? .null,
        ]))
        let object = OpenAIResponsesResponseEncoder.responseObject(
            request: request, id: id, createdAt: createdAt, model: model, status: "failed",
            output: OpenAIResponsesItems.output(of: content, responseID: id),
            usage: usage.map(OpenAIResponsesUsage.encode) ?? .null,
            error: .object(["code": code, "message": .string(error.message)]))
        finalResponse = object
        events.append(emit("response.failed", ["response": object]))
        return events
    }

    private mutating func startIfNeeded() -> [ServerSentEvent] {
        guard !startedResponse else { return [] }
        startedResponse = true
        let object = OpenAIResponsesResponseEncoder.responseObject(
            request: request, id: id, createdAt: createdAt, model: model, status: "in_progress", output: [],
            usage: .null)
        return [emit("response.created", ["response": object]), emit("response.in_progress", ["response": object])]
    }

    /// One event: `type` and `sequence_number` first, then `fields`.
    mutating func emit(_ type: String, _ fields: JSONObject) -> ServerSentEvent {
        var object: JSONObject = ["type": .string(type), "sequence_number": .int(sequenceNumber)]
        sequenceNumber += 1
        for member in fields { object[member.key] = member.value }
        return ServerSentEvent(event: type, data: JSON.serialize(.object(object)))
    }
}
