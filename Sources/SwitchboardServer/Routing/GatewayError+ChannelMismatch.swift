import SwitchboardCore

extension GatewayError {
    /// The code of ``channelCannotServe(_:)``.
    static let channelCannotServeCode = "unsupported_endpoint"

    /// The 400 for a route whose channel has no such endpoint (embeddings to an Anthropic channel,
    /// speech to a Gemini one). The failover loop skips such a route when another may serve the
    /// request, without counting it against the channel's health; only when none can does the
    /// client get this error.
    static func channelCannotServe(_ message: String) -> GatewayError {
        GatewayError(.invalidRequest, message, param: "model", code: channelCannotServeCode)
    }

    /// The route's channel has no endpoint for the request (``channelCannotServe(_:)``).
    var isChannelMismatch: Bool {
        kind == .invalidRequest && codeOverride == Self.channelCannotServeCode
    }
}
