public import SwitchboardCore

/// Writes canonical stream events as Gemini `streamGenerateContent?alt=sse` chunks, each a whole
/// `GenerateContentResponse` in one `data:` event (LF framing; Google's own CRLF framing is not
/// required by clients).
///
/// Text and thoughts go out as they come, one part per chunk. Gemini sends a function call whole,
/// so a call's argument deltas are buffered and the call is written as one `functionCall` part
/// when the next non-tool event arrives, or in the final chunk. The final chunk carries
/// `finishReason` and `usageMetadata`; since usage may follow `.finish`, it is written when usage
/// arrives after the finish, or by `finish()`. Gemini has no terminator event.
public struct GeminiStreamEncoder: ClientStreamEncoding {
    private struct PendingCall {
        var id: String
        var name: String
        var arguments = ""
        var signature: String?
    }

    private let model: String
    private var responseID = ""
    private var pendingCalls: [(index: Int, call: PendingCall)] = []
    /// A Gemini signature that came alone; it goes on the next part written.
    private var pendingSignature: String?
    private var finishReason: FinishReason?
    private var usage: Usage?
    private var ended = false

    public init(model: String) {
        self.model = model
    }

    public mutating func encode(_ event: StreamEvent) -> [ServerSentEvent] {
        guard !ended else { return [] }
        switch event {
        case .start(let id, _, _):
            responseID = id
            return []
        case .textDelta(let text), .refusalDelta(let text):
            var events = flushCalls()
            if !text.isEmpty || pendingSignature != nil { events.append(chunk(parts: [signed(["text": .string(text)])])) }
            return events
        case .reasoningDelta(let reasoning):
            var events = flushCalls()
            let native = reasoning.isNative(to: .gemini)
            if reasoning.text.isEmpty {
                if native, let signature = reasoning.signature { pendingSignature = signature }
                return events
            }
            var part: JSONObject = ["text": .string(reasoning.text), "thought": .bool(true)]
            if native, let signature = reasoning.signature { part["thoughtSignature"] = .string(signature) }
            events.append(chunk(parts: [.object(part)]))
            return events
        case .toolCallStart(let index, let id, let name):
            pendingCalls.append((index, PendingCall(id: id, name: name)))
            return []
        case .toolCallArgumentsDelta(let index, let delta):
            if let position = pendingCalls.firstIndex(where: { $0.index == index }) {
                pendingCalls[position].call.arguments += delta
            }
            return []
        case .toolCallSignature(let index, let signature):
            if let position = pendingCalls.firstIndex(where: { $0.index == index }) {
                pendingCalls[position].call.signature = signature
            }
            return []
        case .stopSequence:
            return []
        case .finish(let reason):
            finishReason = reason
            return []
        case .usage(let latest):
            usage = latest
            return finishReason == nil ? [] : [finalChunk()]
        }
    }

    public mutating func finish() -> [ServerSentEvent] {
        guard !ended else { return [] }
        guard finishReason != nil else { return flushCalls() }
        return [finalChunk()]
    }

    public mutating func fail(_ error: GatewayError) -> [ServerSentEvent] {
        ended = true
        return [ServerSentEvent(data: JSON.serialize(GeminiErrorEnvelope.encode(error)))]
    }

    /// The chunk that ends the answer: pending calls (or an empty text part), the finish reason
    /// and the usage.
    private mutating func finalChunk() -> ServerSentEvent {
        ended = true
        var parts = callParts()
        if parts.isEmpty { parts = [signed(["text": ""])] }
        return chunk(parts: parts, finishReason: finishReason.map(GeminiFinishReason.encode), usage: usage)
    }

    private mutating func flushCalls() -> [ServerSentEvent] {
        let parts = callParts()
        return parts.isEmpty ? [] : [chunk(parts: parts)]
    }

    private mutating func callParts() -> [JSONValue] {
        defer { pendingCalls = [] }
        return pendingCalls.map { pending in
            var functionCall: JSONObject = [
                "name": .string(pending.call.name),
                "args": GeminiResponseEncoder.arguments(of: ToolCall(id: pending.call.id, name: pending.call.name, arguments: pending.call.arguments)),
            ]
            if !pending.call.id.isEmpty { functionCall["id"] = .string(pending.call.id) }
            return signed(["functionCall": .object(functionCall)], own: pending.call.signature)
        }
    }

    /// The part with its own signature, else the pending one (used once).
    private mutating func signed(_ part: JSONObject, own: String? = nil) -> JSONValue {
        var part = part
        if let signature = own ?? pendingSignature { part["thoughtSignature"] = .string(signature) }
        pendingSignature = nil
        return .object(part)
    }

    private func chunk(parts: [JSONValue], finishReason: String? = nil, usage: Usage? = nil) -> ServerSentEvent {
        var candidate: JSONObject = ["content": .object(["parts": .array(parts), "role": "model"])]
        if let finishReason { candidate["finishReason"] = .string(finishReason) }
        candidate["index"] = .int(0)
        var object: JSONObject = ["candidates": .array([.object(candidate)])]
        if let usage { object["usageMetadata"] = GeminiUsage.encode(usage) }
        object["modelVersion"] = .string(model)
        object["responseId"] = .string(responseID)
        return ServerSentEvent(data: JSON.serialize(.object(object)))
    }
}
