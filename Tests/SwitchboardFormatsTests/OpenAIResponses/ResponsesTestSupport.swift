import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

/// Reading the Responses captures and checking Responses event streams, shared by the suites.
enum ResponsesTestSupport {
    /// The SSE events of a stream capture, parsed with the gateway's own parser.
    static func events(_ path: String) throws -> [ServerSentEvent] {
        var parser = SSEParser()
        var events = try parser.feed(try Fixtures.streamBody(path))
        if let last = parser.finish() { events.append(last) }
        return events
    }

    static func payloads(_ events: [ServerSentEvent]) throws -> [JSONValue] {
        try events.map { try JSON.parse($0.data) }
    }

    static func type(_ event: ServerSentEvent) -> String {
        (try? JSON.parse(event.data))?["type"]?.stringValue ?? ""
    }

    /// Splits concatenated responses at each `response.created`.
    static func splitResponses(_ events: [ServerSentEvent]) -> [[ServerSentEvent]] {
        var streams: [[ServerSentEvent]] = []
        for event in events {
            if type(event) == "response.created" || streams.isEmpty { streams.append([]) }
            streams[streams.count - 1].append(event)
        }
        return streams
    }

    /// Decodes one upstream stream into canonical events, ending it as the transport would.
    static func decode(_ events: [ServerSentEvent]) throws -> [StreamEvent] {
        var decoder = OpenAIResponsesAdapter().makeStreamDecoder()
        var canonical: [StreamEvent] = []
        for event in events { canonical += try decoder.decode(event) }
        canonical += try decoder.finish()
        return canonical
    }

    /// The response object of the stream's terminal event.
    static func terminalResponse(_ events: [ServerSentEvent]) throws -> JSONValue? {
        try payloads(events).last { ["response.completed", "response.incomplete"].contains($0["type"]?.stringValue ?? "") }?["response"]
    }

    /// The value with every object's members sorted by key, to compare documents whose key order
    /// differs (some captures were re-serialised with sorted keys).
    static func sorted(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case .object(let object)?:
            return .object(JSONObject(object.members.sorted { $0.key < $1.key }.map { (key: $0.key, value: sorted($0.value) ?? .null) }))
        case .array(let items)?:
            return .array(items.map { sorted($0) ?? .null })
        default:
            return value
        }
    }

    /// The `encrypted_content` of each reasoning item as `response.output_item.done` gave it
    /// (OpenAI encrypts again for `response.completed`, so the two differ).
    static func doneReasoningEncryptedContent(_ events: [ServerSentEvent]) throws -> [String?] {
        try payloads(events).filter { $0["type"] == "response.output_item.done" && $0["item"]?["type"] == "reasoning" }
            .map { $0["item"]?["encrypted_content"]?.stringValue }
    }

    /// A minimal client request.
    static func request(_ json: String = #"{"model":"gpt-5","input":"hi","stream":true}"#) throws -> OpenAIResponsesRequest {
        try OpenAIResponsesRequest.parse(body: Array(json.utf8))
    }

    /// Encodes canonical events with the client stream encoder, ending the stream normally.
    static func encode(
        _ events: [StreamEvent], request: OpenAIResponsesRequest, id: String = "resp_gw1", model: String = "alias"
    ) -> (events: [ServerSentEvent], final: JSONValue?) {
        var encoder = OpenAIResponsesStreamEncoder(request: request, id: id, createdAt: 1_700_000_000, model: model)
        var output: [ServerSentEvent] = []
        for event in events { output += encoder.encode(event) }
        output += encoder.finish()
        return (output, encoder.finalResponse)
    }
}

/// What a canonical stream adds up to.
struct CanonicalSummary {
    var start: (id: String, model: String, created: Int)?
    var text = ""
    var refusal = ""
    var calls: [ToolCall] = []
    var reasoning: [Reasoning] = []
    var finish: FinishReason?
    var usage: Usage?

    init(_ events: [StreamEvent]) {
        for event in events {
            switch event {
            case .start(let id, let model, let created): start = (id, model, created)
            case .textDelta(let delta): text += delta
            case .refusalDelta(let delta): refusal += delta
            case .toolCallStart(let index, let id, let name):
                #expect(index == calls.count, "tool calls are numbered in order from 0")
                calls.append(ToolCall(id: id, name: name, arguments: ""))
            case .toolCallArgumentsDelta(let index, let delta): calls[index].arguments += delta
            case .reasoningDelta(let delta):
                if let last = reasoning.indices.last, reasoning[last].id == delta.id, reasoning[last].encryptedContent == nil {
                    reasoning[last].text += delta.text
                    if let encrypted = delta.encryptedContent { reasoning[last].encryptedContent = encrypted }
                } else {
                    reasoning.append(delta)
                }
            case .finish(let reason): finish = reason
            case .usage(let value): usage = value
            case .toolCallSignature, .stopSequence: continue
            }
        }
    }
}
