public import SwitchboardCore

/// A configured channel made ready to serve: its configuration and the backend that answers.
public struct Channel: Sendable {
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
            return wire(configuration, format: .openAIChat)
        case .anthropic:
            return wire(configuration, format: .anthropicMessages)
        case .gemini:
            return wire(configuration, format: .gemini)
        }
    }

    private static func wire(_ configuration: ChannelConfiguration, format: APIFormat) -> Channel {
        let transport = UpstreamTransport(timeouts: configuration.timeouts)
        return Channel(
            configuration: configuration,
            backend: .wire(WireUpstream(format: format, configuration: configuration, transport: transport)))
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
