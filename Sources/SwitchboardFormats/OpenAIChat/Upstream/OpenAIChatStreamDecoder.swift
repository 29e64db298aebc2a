public import SwitchboardCore

/// Turns a Chat Completions stream into canonical stream events.
///
/// Only choice index 0 is decoded (`n > 1` is not translated). Tool calls are numbered in order of
/// first appearance, whatever `index` the upstream gives them. Azure's first chunk (empty `choices`,
/// empty id, `prompt_filter_results`) yields nothing; `start` comes with the first chunk that has
/// an id or a choice.
public struct OpenAIChatStreamDecoder: UpstreamStreamDecoding {
    private var started = false
    private var sawDone = false
    private var sawFinish = false
    /// Canonical tool-call index by the upstream's `tool_calls[].index`.
    private var toolIndexes: [Int: Int] = [:]
    private var lastChunk: (id: String, model: String, created: Int) = ("", "", 0)

    public init() {}

    public mutating func decode(_ event: ServerSentEvent) throws(GatewayError) -> [StreamEvent] {
        if event.data.isEmpty { return [] }
        if event.data == Self.doneMarker {
            sawDone = true
            return []
        }
        guard let chunk = try? JSON.parse(event.data), chunk.objectValue != nil else {
            throw GatewayError(.upstreamUnavailable, "The upstream sent a stream chunk that is not JSON.")
        }
        if let error = chunk["error"], !error.isNull {
            throw Self.streamError(error)
        }
        lastChunk = (chunk["id"]?.stringValue ?? "", chunk["model"]?.stringValue ?? "", chunk["created"]?.intValue ?? 0)
        var events: [StreamEvent] = []
        let choices = chunk["choices"]?.arrayValue ?? []
        let usage = chunk["usage"].flatMap(OpenAIChatUsage.decode)
        if !started, !lastChunk.id.isEmpty || !choices.isEmpty || usage != nil {
            events.append(startEvent())
        }
        if let choice = choices.first(where: { ($0["index"]?.intValue ?? 0) == 0 }) {
            events += decodeChoice(choice)
        }
        if let usage { events.append(.usage(usage)) }
        return events
    }

    public mutating func finish() throws(GatewayError) -> [StreamEvent] {
        if sawFinish { return [] }
        guard sawDone else {
            throw GatewayError(.upstreamUnavailable, "The upstream stream ended before it finished (no finish_reason and no [DONE]).")
        }
        var events: [StreamEvent] = started ? [] : [startEvent()]
        events.append(.finish(.stop))
        sawFinish = true
        return events
    }

    private mutating func startEvent() -> StreamEvent {
        started = true
        return .start(id: lastChunk.id, model: lastChunk.model, created: lastChunk.created)
    }

    private mutating func decodeChoice(_ choice: JSONValue) -> [StreamEvent] {
        var events: [StreamEvent] = []
        if let delta = choice["delta"], !sawFinish {
            if let reasoning = OpenAIChatResponseReader.reasoningText(delta), !reasoning.isEmpty {
                events.append(.reasoningDelta(Reasoning(text: reasoning)))
            }
            if let text = delta["content"]?.stringValue, !text.isEmpty { events.append(.textDelta(text)) }
            if let refusal = delta["refusal"]?.stringValue, !refusal.isEmpty { events.append(.refusalDelta(refusal)) }
            for (position, call) in (delta["tool_calls"]?.arrayValue ?? []).enumerated() {
                events += decodeToolCall(call, position: position)
            }
        }
        if let reason = choice["finish_reason"]?.stringValue, !sawFinish {
            sawFinish = true
            events.append(.finish(OpenAIChatFinishReason.decode(reason)))
        }
        return events
    }

    private mutating func decodeToolCall(_ call: JSONValue, position: Int) -> [StreamEvent] {
        let wireIndex = call["index"]?.intValue ?? position
        var events: [StreamEvent] = []
        let index: Int
        if let known = toolIndexes[wireIndex] {
            index = known
        } else {
            index = toolIndexes.count
            toolIndexes[wireIndex] = index
            let id = call["id"]?.stringValue ?? RandomIdentifier.make("call_")
            events.append(.toolCallStart(index: index, id: id, name: call["function"]?["name"]?.stringValue ?? ""))
        }
        if let arguments = call["function"]?["arguments"]?.stringValue, !arguments.isEmpty {
            events.append(.toolCallArgumentsDelta(index: index, delta: arguments))
        }
        return events
    }

    static let doneMarker = Array("[DONE]".utf8)

    /// An `error` object inside the stream, as the gateway error it stands for.
    static func streamError(_ error: JSONValue) -> GatewayError {
        let message = error["message"]?.stringValue ?? error.stringValue ?? "The upstream reported an error in the stream."
        return GatewayError(
            .upstreamStatus, message, param: error["param"]?.stringValue, status: status(of: error),
            code: error["code"]?.stringValue ?? "upstream_error", type: error["type"]?.stringValue ?? "upstream_error")
    }

    /// The HTTP status an error object names (`status`, or a numeric `code`), 502 when none.
    static func status(of error: JSONValue) -> Int {
        for candidate in [error["status"]?.intValue, error["code"]?.intValue] {
            if let status = candidate, (400..<600).contains(status) { return status }
        }
        return 502
    }
}
