public import SwitchboardCore

/// One upstream wire format seen from the canonical model: how to ask and how to read the answer.
///
/// Pure translation without I/O, so each format is tested on plain values; the transport,
/// base URL and auth live in `SwitchboardProviders`.
public protocol UpstreamFormatAdapter: Sendable {
    /// The path under the channel's base URL, e.g. `/chat/completions` or
    /// `/models/gemini-2.5-flash:streamGenerateContent?alt=sse`.
    func path(model: String, stream: Bool) -> String
    /// The request body for `request`, addressed to the upstream model `model`.
    /// Throws a 400 naming the parameter when the request asks for something this format cannot honour.
    func encodeRequest(_ request: GenerationRequest, model: String, stream: Bool) throws(GatewayError) -> [UInt8]
    /// Reads a successful non-streaming answer.
    func decodeResponse(_ body: [UInt8]) throws(GatewayError) -> GenerationResponse
    /// A decoder for one streamed answer.
    func makeStreamDecoder() -> any UpstreamStreamDecoding
    /// Reads an error answer (status >= 400) into a gateway error that keeps the upstream's status
    /// and message.
    func decodeError(status: Int, body: [UInt8]) -> GatewayError
}

/// Turns one upstream's SSE events into canonical stream events.
public protocol UpstreamStreamDecoding: Sendable {
    /// The canonical events one upstream event yields. Throws when the upstream reports an error
    /// inside the stream or sends something unreadable.
    mutating func decode(_ event: ServerSentEvent) throws(GatewayError) -> [StreamEvent]
    /// Called when the upstream body ended: trailing events, or an error when the stream was cut
    /// short (no terminal event).
    mutating func finish() throws(GatewayError) -> [StreamEvent]
}
