public import NIOHTTP1
public import SwitchboardCore

/// An upstream reached over HTTP in one wire format: base URL, auth and quirks as data.
///
/// OpenAI, DeepSeek, xAI, Qwen compatible mode, MiniMax, vLLM, llama.cpp and Ollama all differ only
/// in these values, so they share this one type.
public struct WireUpstream: Sendable {
    public let format: APIFormat
    public let baseURL: String
    public let apiKey: String?
    public let extraHeaders: [String: String]
    public let streamUsage: Bool
    public let transport: UpstreamTransport

    public init(format: APIFormat, configuration: ChannelConfiguration, transport: UpstreamTransport) {
        self.format = format
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = configuration.apiKey
        self.extraHeaders = configuration.headers
        self.streamUsage = configuration.streamUsage
        self.transport = transport
    }

    /// Headers for an upstream request: JSON body, the channel's auth and extra headers.
    public func headers(stream: Bool) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "accept", value: stream ? "text/event-stream" : "application/json")
        if let apiKey, !apiKey.isEmpty {
            headers.add(name: "authorization", value: "Bearer \(apiKey)")
        }
        for (name, value) in extraHeaders {
            headers.replaceOrAdd(name: name, value: value)
        }
        return headers
    }

    /// Posts a body to a path under the base URL (`/chat/completions`).
    public func post(path: String, body: [UInt8], stream: Bool) async throws(GatewayError) -> UpstreamResponse {
        try await transport.send(url: baseURL + path, headers: headers(stream: stream), body: body)
    }
}
