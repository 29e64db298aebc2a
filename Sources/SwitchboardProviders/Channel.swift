public import SwitchboardCore

/// A configured channel made ready to serve: its configuration and the backend that answers.
///
/// A class: routes and failover plans hold channels and are copied per request, and a reference
/// is one retain where the configuration's many fields were each retained and released.
public final class Channel: Sendable {
    /// How a channel produces answers: relayed over HTTP in a wire format, or generated in-process.
    public enum Backend: Sendable {
        case wire(WireUpstream)
        case generator(any GenerationProvider)
    }

    public let configuration: ChannelConfiguration
    public let backend: Backend

    public init(configuration: ChannelConfiguration, backend: Backend) {
        self.configuration = configuration
        self.backend = backend
    }

    public var name: String { configuration.name }

    /// Identifies the channel's connection pool (nil for in-process backends, which hold none).
    public var backendID: ObjectIdentifier? {
        if case .wire(let upstream) = backend { return ObjectIdentifier(upstream.transport) }
        return nil
    }

    /// Builds the backend for a channel configuration.
    public static func make(_ configuration: ChannelConfiguration) throws(GatewayError) -> Channel {
        switch configuration.provider {
        case .mock:
            return Channel(configuration: configuration, backend: .generator(MockProvider()))
        case .openai, .openaiCompatible, .taskHTTP:
            // A task-http channel runs tasks only, with an OpenAI-style upstream's Bearer auth and pool.
            return try wire(configuration, format: .openAIChat)
        case .anthropic:
            return try wire(configuration, format: .anthropicMessages)
        case .gemini:
            return try wire(configuration, format: .gemini)
        }
    }

    private static func wire(_ configuration: ChannelConfiguration, format: APIFormat) throws(GatewayError) -> Channel {
        try checkHeaders(configuration)
        let transport = UpstreamTransport(timeouts: configuration.timeouts)
        return Channel(
            configuration: configuration,
            backend: .wire(WireUpstream(format: format, configuration: configuration, transport: transport)))
    }

    /// Refuses header names that are not HTTP tokens and header values (the API key's too) with a
    /// line break or NUL: upstream requests are written without re-validating them.
    static func checkHeaders(_ configuration: ChannelConfiguration) throws(GatewayError) {
        func breaksLines(_ value: String) -> Bool {
            value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
        }
        for (name, value) in configuration.headers {
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else {
                throw GatewayError(.invalidRequest, "Channel '\(configuration.name)': '\(name)' is not a valid HTTP header name.")
            }
            if breaksLines(value) {
                throw GatewayError(.invalidRequest, "Channel '\(configuration.name)': the value of header '\(name)' contains a line break or NUL.")
            }
        }
        if let apiKey = configuration.apiKey, breaksLines(apiKey) {
            throw GatewayError(.invalidRequest, "Channel '\(configuration.name)': the API key contains a line break or NUL.")
        }
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
        default: false
        }
    }

    public func shutdown() async {
        if case .wire(let upstream) = backend { await upstream.transport.shutdown() }
    }
}

extension Channel {
    /// Whether the channel can serve a request with these needs: its configured capabilities, and
    /// the Responses API for requests that use features only it has (the mock serves everything).
    public func serves(_ requirements: RequestRequirements) -> Bool {
        guard configuration.capabilities.serves(requirements) else { return false }
        return !requirements.responsesAPI || servesResponsesAPI
    }

    /// The channel's configuration limits what it serves (`capabilities:`).
    public var limitsCapabilities: Bool { configuration.capabilities != ChannelCapabilities() }

    /// Requests of any kind may go to this channel: nothing to check per request.
    public var servesEverything: Bool { configuration.capabilities == ChannelCapabilities() && servesResponsesAPI }

    /// Whether Responses-only features (hosted tools, background mode) can reach the upstream.
    public var servesResponsesAPI: Bool {
        switch backend {
        case .generator: true
        case .wire(let upstream): upstream.format == .openAIResponses || upstream.servesResponses
        }
    }
}
