public import SwitchboardCore

/// Turns a Gemini `streamGenerateContent?alt=sse` answer into canonical stream events.
///
/// Each chunk is a whole `GenerateContentResponse`. Thought parts become reasoning deltas, text
/// parts text deltas (a `thoughtSignature` on a text part is sent first as a signature-only
/// reasoning delta), and a `functionCall` part, which Gemini sends whole, becomes a call start,
/// one argument delta with all its arguments and its signature. Vertex's piecewise arguments are
/// assembled as ``GeminiPartialCall`` describes. The chunk with `finishReason` yields `.finish`
/// (`.toolCalls` after a call) then the latest usage; Gemini repeats usage in every chunk, and
/// only the last value counts, so a usage that changed after the finish is sent from `finish()`.
public struct GeminiStreamDecoder: UpstreamStreamDecoding {
    private var started = false
    private var callCount = 0
    private var sawFunctionCall = false
    private var finished = false
    private var usage: Usage?
    private var usageSent = false
    private var partialCall: GeminiPartialCall?

    public init() {}

    public mutating func decode(_ event: ServerSentEvent) throws(GatewayError) -> [StreamEvent] {
        guard event.data.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return [] }
        guard let chunk = try? JSON.parse(event.data), chunk.objectValue != nil else {
            throw GatewayError(.upstreamUnavailable, "The upstream sent a stream event that is not a JSON object.")
        }
        return try decode(chunk: chunk)
    }

    /// The events of one parsed chunk (also used for the elements of a JSON-array stream body).
    public mutating func decode(chunk: JSONValue) throws(GatewayError) -> [StreamEvent] {
        if let error = chunk["error"], !error.isNull {
            throw GeminiErrorEnvelope.decode(error: error, status: error["code"]?.intValue ?? 502)
        }
        var events: [StreamEvent] = []
        if !started {
            started = true
            events.append(.start(
                id: chunk["responseId"]?.stringValue ?? RandomIdentifier.make("gemini-"),
                model: chunk["modelVersion"]?.stringValue ?? "", created: GeminiAdapter.now()))
        }
        let candidate = chunk["candidates"]?.arrayValue?.first
        if !finished {
            for part in candidate?["content"]?["parts"]?.arrayValue ?? [] {
                guard let object = part.objectValue else { continue }
                events += decodePart(object)
            }
        }
        if let latest = GeminiUsage.decode(chunk["usageMetadata"]), latest != usage {
            usage = latest
            usageSent = false
        }
        var reason = candidate?["finishReason"]?.stringValue.map { GeminiFinishReason.decode($0) }
        if candidate == nil, chunk["promptFeedback"]?["blockReason"]?.stringValue != nil { reason = .contentFilter }
        if let reason, !finished {
            events += closePartialCall()
            finished = true
            events.append(.finish(reason == .stop && sawFunctionCall ? .toolCalls : reason))
            if let usage {
                events.append(.usage(usage))
                usageSent = true
            }
        }
        return events
    }

    public mutating func finish() throws(GatewayError) -> [StreamEvent] {
        guard finished else {
            throw GatewayError(.upstreamUnavailable, "The upstream stream ended before its final chunk (no finishReason).")
        }
        guard let usage, !usageSent else { return [] }
        usageSent = true
        return [.usage(usage)]
    }

    private mutating func decodePart(_ part: JSONObject) -> [StreamEvent] {
        if let call = part["functionCall"]?.objectValue {
            return decodeCall(call, signature: part["thoughtSignature"]?.stringValue)
        }
        var events = closePartialCall()
        for block in GeminiPartReader.blocks(of: part, callNumber: &callCount) {
            switch block {
            case .text(let text): events.append(.textDelta(text))
            case .reasoning(let reasoning): events.append(.reasoningDelta(reasoning))
            default: break
            }
        }
        return events
    }

    private mutating func decodeCall(_ call: JSONObject, signature: String?) -> [StreamEvent] {
        let streamsArguments = call["willContinue"]?.boolValue == true || call["partialArgs"] != nil
        if let entries = call["partialArgs"]?.arrayValue, call["name"] == nil, partialCall != nil {
            for entry in entries { partialCall?.apply(entry) }
            return []
        }
        var events = closePartialCall()
        guard let name = call["name"]?.stringValue else { return events }
        let index = callCount
        callCount += 1
        sawFunctionCall = true
        events.append(.toolCallStart(index: index, id: call["id"]?.stringValue ?? "call_\(index)", name: name))
        if streamsArguments {
            var partial = GeminiPartialCall(index: index, arguments: call["args"])
            for entry in call["partialArgs"]?.arrayValue ?? [] { partial.apply(entry) }
            partialCall = partial
        } else {
            events.append(.toolCallArgumentsDelta(index: index, delta: JSON.string(call["args"] ?? .object([:]))))
        }
        if let signature { events.append(.toolCallSignature(index: index, signature: signature)) }
        return events
    }

    /// The assembled arguments of a Vertex call streamed in pieces, when one is open.
    private mutating func closePartialCall() -> [StreamEvent] {
        guard let call = partialCall else { return [] }
        partialCall = nil
        return [.toolCallArgumentsDelta(index: call.index, delta: JSON.string(call.arguments))]
    }
}
