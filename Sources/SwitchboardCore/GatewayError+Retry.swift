extension GatewayError {
    /// Whether another channel (or the same one, later) may succeed where this failed: the
    /// upstream could not be reached or answered unusably, timed out, or said 408, 409, 429, 5xx or
    /// overloaded (529). Errors the client caused (other 4xx) and the gateway's own refusals
    /// (authentication, limits, budgets, bad requests) are not.
    public var isRetriable: Bool {
        switch kind {
        case .upstreamUnavailable, .upstreamTimeout:
            return true
        case .upstreamStatus:
            return status == 408 || status == 409 || status == 429 || status >= 500
        default:
            return false
        }
    }

    /// The upstream refused the channel's own credentials (401/403): the channel, not the request, is at fault.
    public var isUpstreamAuthenticationFailure: Bool {
        kind == .upstreamStatus && (status == 401 || status == 403)
    }
}
