public import SwitchboardCore

extension UpstreamResponse {
    /// Bodies of upstream error answers are read up to this size.
    public static let maximumErrorBytes = 1024 * 1024

    /// Turns an error status into the error the client gets, read by the upstream format's own
    /// error decoder (so the provider's message survives), with `Retry-After` kept.
    public func requireSuccess(
        decodeError: (_ status: Int, _ body: [UInt8]) -> GatewayError
    ) async throws(GatewayError) {
        guard !(200..<300).contains(status) else { return }
        let body = (try? await collect(limit: Self.maximumErrorBytes)) ?? []
        var error = decodeError(status, body)
        if let retryAfter = headers.first(name: "retry-after").flatMap({ Int($0) }) {
            error.retryAfter = retryAfter
        }
        throw error
    }

    /// A 200 that is not an event stream (a JSON body, an HTML page) is an upstream failure, told
    /// to the client as an error response rather than a broken stream.
    public func requireEventStream(
        decodeError: (_ status: Int, _ body: [UInt8]) -> GatewayError
    ) async throws(GatewayError) {
        let contentType = headers.first(name: "content-type")?.lowercased() ?? ""
        guard !contentType.isEmpty, !contentType.hasPrefix("text/event-stream") else { return }
        let body = (try? await collect(limit: Self.maximumErrorBytes)) ?? []
        if let parsed = try? JSON.parse(body), parsed["error"] != nil {
            throw decodeError(502, body)
        }
        throw GatewayError(
            .upstreamUnavailable,
            "The upstream answered a streaming request with '\(contentType)' instead of an event stream.")
    }
}
