import NIOHTTP1
import SwitchboardCore
import SwitchboardProviders

/// Who answers a media request on one route: an OpenAI-style upstream (passthrough), a Gemini
/// upstream (images only, translated), or the built-in mock. Other channel kinds do not serve
/// media endpoints, which is a 400 naming `model`.
enum MediaBackend {
    case openAI(WireUpstream)
    case gemini(WireUpstream)
    case mock

    /// The backend of `route` for `endpoint` (`/v1/images/generations`); Gemini only when `allowsGemini`.
    static func of(_ route: ModelRouter.Route, endpoint: String, allowsGemini: Bool = false) throws(GatewayError) -> MediaBackend {
        switch route.channel.backend {
        case .generator(let provider) where provider is MockProvider:
            return .mock
        case .wire(let upstream) where upstream.format == .openAIChat || upstream.format == .openAIResponses:
            return .openAI(upstream)
        case .wire(let upstream) where upstream.format == .gemini && allowsGemini:
            return .gemini(upstream)
        default:
            throw GatewayError.channelCannotServe(
                "The model '\(route.upstreamModel)' is served by channel '\(route.channel.name)' (\(route.channel.configuration.provider.rawValue)), which does not offer \(endpoint).")
        }
    }
}

extension WireUpstream {
    /// Posts a media request: the channel's auth and headers, with the body's own Content-Type.
    func postMedia(path: String, body: [UInt8], contentType: String, accept: String = "*/*") async throws(GatewayError) -> UpstreamResponse {
        let headers = self.headers(stream: false, forwarded: [(name: "content-type", value: contentType), (name: "accept", value: accept)])
        return try await transport.send(url: baseURL + path, headers: headers, body: body)
    }
}
