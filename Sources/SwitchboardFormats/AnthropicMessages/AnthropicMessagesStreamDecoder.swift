public import SwitchboardCore

/// Turns an Anthropic channel's event stream into canonical stream events.
///
/// Tool calls are numbered among tool calls only (from 0); a call whose input never arrived (no
/// parameters) gets `{}` as its arguments when its block ends, so every client sees valid JSON,
/// while a call cut short (`max_tokens` mid-input) keeps its arguments exactly as sent. Server
/// tool blocks, citations and compaction blocks have no canonical stream form and are skipped;
/// `ping` and unknown events are ignored. Usage comes with `message_delta`: input and cache counts
/// from `message_start` unless `message_delta` repeats them (see ``AnthropicUsage``).
public struct AnthropicMessagesStreamDecoder: UpstreamStreamDecoding {
    enum Block {
        case text
        case thinking
        case toolUse(index: Int, sentArguments: Bool)
        case skipped
    }

    private let created: @Sendable () -> Int
    private var blocks: [Int: Block] = [:]
    private var toolCallCount = 0
    private var startUsage: JSONObject?
    private var sawMessageStop = false

    public init(created: @escaping @Sendable () -> Int) {
        self.created = created
    }

    public mutating func decode(_ event: ServerSentEvent) throws(GatewayError) -> [StreamEvent] {
        if event.event == "ping" { return [] }
        let data: JSONValue
        do {
            data = try JSON.parse(event.data)
        } catch {
            guard event.event == nil || Self.knownEvents.contains(event.event ?? "") else { return [] }
            throw GatewayError(.upstreamUnavailable, "The upstream sent a stream event that is not valid JSON (\(error)).")
        }
        let index = data["index"]?.intValue ?? 0
        switch event.event ?? data["type"]?.stringValue {
        case "message_start":
            let message = data["message"]
            startUsage = message?["usage"]?.objectValue
            return [.start(id: message?["id"]?.stringValue ?? "", model: message?["model"]?.stringValue ?? "", created: created())]
        case "content_block_start":
            return blockStart(data["content_block"] ?? .null, at: index)
        case "content_block_delta":
            return blockDelta(data["delta"] ?? .null, at: index)
        case "content_block_stop":
            guard case .toolUse(let call, false)? = blocks[index] else { return [] }
            blocks[index] = .toolUse(index: call, sentArguments: true)
            return [.toolCallArgumentsDelta(index: call, delta: "{}")]
        case "message_delta":
            var events: [StreamEvent] = []
            if let sequence = data["delta"]?["stop_sequence"]?.stringValue { events.append(.stopSequence(sequence)) }
            if let reason = data["delta"]?["stop_reason"]?.stringValue { events.append(.finish(AnthropicStopReason.decode(reason))) }
            events.append(.usage(AnthropicUsage.merge(start: startUsage, delta: data["usage"]?.objectValue)))
            return events
        case "message_stop":
            sawMessageStop = true
            return []
        case "error":
            throw AnthropicErrorEnvelope.decodeStreamError(data)
        default:
            return []
        }
    }

    public mutating func finish() throws(GatewayError) -> [StreamEvent] {
        guard sawMessageStop else {
            throw GatewayError(.upstreamUnavailable, "the upstream stream ended before message_stop")
        }
        return []
    }

    private mutating func blockStart(_ block: JSONValue, at index: Int) -> [StreamEvent] {
        let family = AnthropicContentReader.family
        switch block["type"]?.stringValue {
        case "text":
            blocks[index] = .text
            let text = block["text"]?.stringValue ?? ""
            return text.isEmpty ? [] : [.textDelta(text)]
        case "thinking":
            blocks[index] = .thinking
            var events: [StreamEvent] = []
            if let text = block["thinking"]?.stringValue, !text.isEmpty {
                events.append(.reasoningDelta(Reasoning(text: text, providerFamily: family)))
            }
            if let signature = block["signature"]?.stringValue, !signature.isEmpty {
                events.append(.reasoningDelta(Reasoning(text: "", signature: signature, providerFamily: family)))
            }
            return events
        case "redacted_thinking":
            blocks[index] = .skipped
            return [.reasoningDelta(Reasoning(text: "", encryptedContent: block["data"]?.stringValue ?? "", providerFamily: family))]
        case "tool_use":
            let call = toolCallCount
            toolCallCount += 1
            var events: [StreamEvent] = [
                .toolCallStart(index: call, id: block["id"]?.stringValue ?? "", name: block["name"]?.stringValue ?? "")
            ]
            if let input = block["input"]?.objectValue, !input.isEmpty {
                events.append(.toolCallArgumentsDelta(index: call, delta: JSON.string(.object(input))))
            }
            blocks[index] = .toolUse(index: call, sentArguments: events.count > 1)
            return events
        default:
            blocks[index] = .skipped
            return []
        }
    }

    private mutating func blockDelta(_ delta: JSONValue, at index: Int) -> [StreamEvent] {
        let family = AnthropicContentReader.family
        switch (blocks[index], delta["type"]?.stringValue) {
        case (.text?, "text_delta"):
            let text = delta["text"]?.stringValue ?? ""
            return text.isEmpty ? [] : [.textDelta(text)]
        case (.thinking?, "thinking_delta"):
            let text = delta["thinking"]?.stringValue ?? ""
            return text.isEmpty ? [] : [.reasoningDelta(Reasoning(text: text, providerFamily: family))]
        case (.thinking?, "signature_delta"):
            let signature = delta["signature"]?.stringValue ?? ""
            return signature.isEmpty ? [] : [.reasoningDelta(Reasoning(text: "", signature: signature, providerFamily: family))]
        case (.toolUse(let call, _)?, "input_json_delta"):
            let partial = delta["partial_json"]?.stringValue ?? ""
            guard !partial.isEmpty else { return [] }
            blocks[index] = .toolUse(index: call, sentArguments: true)
            return [.toolCallArgumentsDelta(index: call, delta: partial)]
        default:
            return []
        }
    }

    static let knownEvents: Set<String> = [
        "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta",
        "message_stop", "error",
    ]
}
