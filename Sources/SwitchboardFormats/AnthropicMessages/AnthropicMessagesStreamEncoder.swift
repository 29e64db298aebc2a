public import SwitchboardCore

/// Writes canonical stream events as Anthropic's Messages event stream.
///
/// The sequence is Anthropic's: `message_start`, `ping`, then per content block
/// `content_block_start`, its `content_block_delta`s and `content_block_stop`, then
/// `message_delta` (stop reason and the real usage) and `message_stop`. A new block starts when
/// the kind of content changes or a new tool call starts, with increasing indexes; tool call
/// arguments go out as `input_json_delta`s as they arrive. Because canonical `usage` may follow
/// `finish`, `message_delta` waits for `finish()` or for the first usage after `finish`.
public struct AnthropicMessagesStreamEncoder: ClientStreamEncoding {
    enum BlockKind: Equatable {
        case text
        case thinking(id: String?)
        case toolCall(Int)
    }

    let model: String
    let inputTokens: Int
    var started = false
    var nextBlockIndex = 0
    var openBlock: (kind: BlockKind, index: Int)?
    /// Content block index of each canonical tool call index.
    var toolBlockIndexes: [Int: Int] = [:]
    var finishReason: FinishReason?
    var stopSequence: String?
    var usage: Usage?
    var sawFinish = false
    var sentMessageDelta = false

    /// `model` is the name the client asked for; `inputTokens` the gateway's estimate for
    /// `message_start` (the upstream's real count goes in `message_delta`).
    public init(model: String, inputTokens: Int) {
        self.model = model
        self.inputTokens = inputTokens
    }

    public mutating func encode(_ event: StreamEvent) -> [ServerSentEvent] {
        switch event {
        case .start(let id, _, _):
            return started ? [] : messageStart(id: id)
        case .textDelta(let text), .refusalDelta(let text):
            guard !text.isEmpty else { return [] }
            var events = startIfNeeded()
            if openBlock?.kind != .text { events += open(.text, ["type": "text", "text": ""]) }
            events.append(delta(["type": "text_delta", "text": .string(text)]))
            return events
        case .reasoningDelta(let reasoning):
            return startIfNeeded() + self.reasoning(reasoning)
        case .toolCallStart(let index, let id, let name):
            var events = startIfNeeded()
            events += open(.toolCall(index), ["type": "tool_use", "id": .string(id), "name": .string(name), "input": .object([:])])
            toolBlockIndexes[index] = openBlock?.index
            return events
        case .toolCallArgumentsDelta(let index, let partial):
            // A call whose block was closed by a later one keeps its own index (only upstreams that
            // interleave parallel calls do that); a call never started has nowhere to go.
            guard !partial.isEmpty, let blockIndex = toolBlockIndexes[index] else { return [] }
            return [Self.event("content_block_delta", [
                "type": "content_block_delta", "index": .int(blockIndex),
                "delta": .object(["type": "input_json_delta", "partial_json": .string(partial)]),
            ])]
        case .toolCallSignature:
            return []
        case .stopSequence(let sequence):
            stopSequence = sequence
            return []
        case .finish(let reason):
            finishReason = reason
            sawFinish = true
            return startIfNeeded() + closeBlock()
        case .usage(let usage):
            self.usage = usage
            guard sawFinish, !sentMessageDelta else { return [] }
            return [messageDelta()]
        }
    }

    public mutating func finish() -> [ServerSentEvent] {
        var events = startIfNeeded() + closeBlock()
        if !sentMessageDelta { events.append(messageDelta()) }
        events.append(Self.event("message_stop", ["type": "message_stop"]))
        return events
    }

    /// An `error` event in Anthropic's envelope; like Anthropic, nothing follows it.
    public mutating func fail(_ error: GatewayError) -> [ServerSentEvent] {
        [ServerSentEvent(event: "error", data: JSON.serialize(AnthropicErrorEnvelope.encode(error)))]
    }

    private mutating func startIfNeeded() -> [ServerSentEvent] {
        started ? [] : messageStart(id: RandomIdentifier.make("msg_"))
    }

    private mutating func messageStart(id: String) -> [ServerSentEvent] {
        started = true
        let usage = AnthropicUsage.encode(Usage(promptTokens: inputTokens))
        let message: JSONObject = [
            "id": .string(AnthropicMessagesResponseEncoder.messageID(id)), "type": "message", "role": "assistant",
            "model": .string(model), "content": .array([]), "stop_reason": .null, "stop_sequence": .null,
            "usage": .object(usage),
        ]
        return [
            Self.event("message_start", ["type": "message_start", "message": .object(message)]),
            Self.event("ping", ["type": "ping"]),
        ]
    }

    private mutating func messageDelta() -> ServerSentEvent {
        sentMessageDelta = true
        let reason = AnthropicStopReason.encode(finishReason ?? .stop, stopSequence: stopSequence)
        return Self.event("message_delta", [
            "type": "message_delta",
            "delta": .object(["stop_reason": .string(reason), "stop_sequence": stopSequence.map(JSONValue.string) ?? .null]),
            "usage": .object(AnthropicUsage.encode(usage ?? Usage(promptTokens: inputTokens))),
        ])
    }

    static func event(_ name: String, _ object: JSONObject) -> ServerSentEvent {
        ServerSentEvent(event: name, data: JSON.serialize(.object(object)))
    }
}
