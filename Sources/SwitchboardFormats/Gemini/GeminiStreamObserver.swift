public import SwitchboardCore

/// Watches a Gemini stream relayed unchanged to a Gemini client (passthrough), reading what the
/// gateway needs for accounting without rewriting anything.
///
/// `modelVersion` is left as the upstream wrote it: it names the model version that answered (a
/// client asking for an alias sees the real version, as Google's own aliases like
/// `gemini-flash-latest` do). Events are written with LF framing.
public struct GeminiStreamObserver: Sendable {
    public let clientModel: String
    /// The last `usageMetadata` seen (Gemini repeats it, growing, in every chunk).
    public private(set) var usage: Usage?
    public private(set) var finishReason: FinishReason?
    /// A part with text or a function call went by.
    public private(set) var sawContent = false
    /// The upstream reported an error inside the stream.
    public private(set) var upstreamError: GatewayError?
    private var sawFunctionCall = false

    public init(clientModel: String) {
        self.clientModel = clientModel
    }

    /// A chunk with a `finishReason` went by: the stream reached its end.
    public var completed: Bool { finishReason != nil }

    /// The bytes to send for one upstream event (the event itself).
    public mutating func relay(_ event: ServerSentEvent) -> [UInt8] {
        observe(event.data)
        return event.encoded()
    }

    private mutating func observe(_ data: [UInt8]) {
        guard let index = try? JSON.index(data, validatingStrings: false) else { return }
        if let member = index["error"], member.kind == .object {
            let error = try? JSON.parse(data[member.valueRange])
            upstreamError = GeminiErrorEnvelope.decode(error: error, status: error?["code"]?.intValue ?? 502)
            return
        }
        if let member = index["usageMetadata"], member.kind == .object,
            let latest = GeminiUsage.decode(try? JSON.parse(data[member.valueRange]))
        {
            usage = latest
        }
        guard let candidates = index["candidates"], candidates.kind == .array else { return }
        let bytes = data[candidates.valueRange]
        let hasCall = OpenAIChatStreamRelay.find(Self.functionCallKey, in: bytes) != nil
        sawFunctionCall = sawFunctionCall || hasCall
        if !sawContent {
            sawContent = hasCall || OpenAIChatStreamRelay.stringValue(after: Self.textKey, in: bytes)?.isEmpty == false
        }
        if let reason = OpenAIChatStreamRelay.stringValue(after: Self.finishReasonKey, in: bytes) {
            finishReason = GeminiFinishReason.decode(reason, sawFunctionCall: sawFunctionCall)
        }
    }

    private static let finishReasonKey = Array("\"finishReason\"".utf8)
    private static let textKey = Array("\"text\"".utf8)
    private static let functionCallKey = Array("\"functionCall\"".utf8)
}

/// Reads usage and the finish reason from a Gemini `generateContent` answer relayed unchanged.
public enum GeminiResponseObserver {
    public static func observe(body: [UInt8]) -> (usage: Usage?, finishReason: FinishReason?) {
        guard let parsed = try? JSON.parse(body) else { return (nil, nil) }
        let response = parsed.arrayValue?.last ?? parsed
        let reading = GeminiCandidateReading(response)
        return (GeminiUsage.decode(response["usageMetadata"]), reading.finishReason)
    }
}
