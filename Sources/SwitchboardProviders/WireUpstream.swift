public import NIOHTTP1
public import SwitchboardCore

/// An upstream reached over HTTP in one wire format: base URL, auth and quirks as data.
///
/// OpenAI, DeepSeek, xAI, Qwen compatible mode, MiniMax, vLLM, llama.cpp and Ollama all differ only
/// in these values, so they share this one type; Anthropic and Gemini differ in format and auth.
///
/// A class, immutable: every request routed to the channel reads it, and a copy of a struct this
/// size would retain each of its strings and buffers (BENCHMARKS.md).
public final class WireUpstream: Sendable {
    /// The format of the upstream's main generation endpoint (chat completions for OpenAI kinds).
    public let format: APIFormat
    public let baseURL: String
    public let apiKey: String?
    public let extraHeaders: [String: String]
    public let streamUsage: Bool
    /// The upstream also serves `/responses`.
    public let servesResponses: Bool
    /// Client model names served only through `/responses`.
    public let responsesOnlyModels: Set<String>
    public let transport: UpstreamTransport
    /// `baseURL` + `/chat/completions` when it is plain `http://` (the event-loop relay's path).
    let chatCompletionsEndpoint: PlainHTTP1Client.Endpoint?
    /// The heads of a request to `chatCompletionsEndpoint`, serialized once: for a JSON answer and
    /// for a stream.
    let chatCompletionsHeads: (json: PlainHTTP1RequestHead, stream: PlainHTTP1RequestHead)?
    /// Whether ``chatCompletionsOnEventLoop(body:stream:eventLoop:delegate:)`` can serve this
    /// upstream (it is plain `http://`); asked for every relayed request, so worked out once.
    public let postsChatCompletionsOnEventLoop: Bool

    /// The Anthropic API version sent when the client named none.
    public static let anthropicVersion = "2023-06-01"

    public init(format: APIFormat, configuration: ChannelConfiguration, transport: UpstreamTransport) {
        self.format = format
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = configuration.apiKey
        self.extraHeaders = configuration.headers
        self.streamUsage = configuration.streamUsage
        self.servesResponses = configuration.servesResponses
        self.responsesOnlyModels = configuration.responsesOnlyModels
        self.transport = transport
        let endpoint = PlainHTTP1Client.Endpoint(url: base + "/chat/completions")
        self.chatCompletionsEndpoint = endpoint
        func chatHead(_ endpoint: PlainHTTP1Client.Endpoint, stream: Bool) -> PlainHTTP1RequestHead {
            PlainHTTP1RequestHead(
                endpoint: endpoint, method: .POST,
                headers: Self.headers(
                    format: format, apiKey: configuration.apiKey, extraHeaders: configuration.headers, stream: stream, forwarded: []))
        }
        self.chatCompletionsHeads = endpoint.map { (chatHead($0, stream: false), chatHead($0, stream: true)) }
        self.postsChatCompletionsOnEventLoop = endpoint != nil
    }

    /// The format to speak to this upstream for a client in `clientFormat` asking for `clientModel`:
    /// Responses for Responses-only models and for Responses clients when the upstream has it.
    public func format(forClient clientFormat: APIFormat, clientModel: String) -> APIFormat {
        if !responsesOnlyModels.isEmpty, responsesOnlyModels.contains(clientModel) { return .openAIResponses }
        if clientFormat == .openAIResponses, servesResponses { return .openAIResponses }
        return format
    }

    /// Headers for an upstream request: JSON body, the provider's auth, headers forwarded from the
    /// client (Anthropic's version and beta flags in passthrough), then the channel's own headers.
    public func headers(stream: Bool, forwarded: [(name: String, value: String)] = []) -> HTTPHeaders {
        Self.headers(format: format, apiKey: apiKey, extraHeaders: extraHeaders, stream: stream, forwarded: forwarded)
    }

    private static func headers(
        format: APIFormat, apiKey: String?, extraHeaders: [String: String], stream: Bool, forwarded: [(name: String, value: String)]
    ) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "accept", value: stream ? "text/event-stream" : "application/json")
        if let apiKey, !apiKey.isEmpty {
            switch format {
            case .anthropicMessages: headers.add(name: "x-api-key", value: apiKey)
            case .gemini: headers.add(name: "x-goog-api-key", value: apiKey)
            case .openAIChat, .openAIResponses: headers.add(name: "authorization", value: "Bearer \(apiKey)")
            }
        }
        if format == .anthropicMessages { headers.add(name: "anthropic-version", value: Self.anthropicVersion) }
        for header in forwarded {
            headers.replaceOrAdd(name: header.name, value: header.value)
        }
        for (name, value) in extraHeaders {
            headers.replaceOrAdd(name: name, value: value)
        }
        return headers
    }

    /// Posts a body to a path under the base URL (`/chat/completions`).
    public func post(
        path: String, body: [UInt8], stream: Bool, forwarded: [(name: String, value: String)] = []
    ) async throws(GatewayError) -> UpstreamResponse {
        try await transport.send(url: baseURL + path, headers: headers(stream: stream, forwarded: forwarded), body: body)
    }
}
