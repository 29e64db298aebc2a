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

    /// Builds the backend for a channel configuration.
    public static func make(_ configuration: ChannelConfiguration) throws(GatewayError) -> Channel {
        switch configuration.provider {
        case .mock:
            return Channel(configuration: configuration, backend: .generator(MockProvider()))
        case .openai, .openaiCompatible:
            let transport = UpstreamTransport(timeouts: configuration.timeouts)
            return Channel(
                configuration: configuration,
                backend: .wire(WireUpstream(format: .openAIChat, configuration: configuration, transport: transport)))
        case .anthropic, .gemini:
            throw GatewayError(
                .internalError,
                "Channel '\(configuration.name)': provider '\(configuration.provider.rawValue)' is not available in this build yet; use openai, openai-compatible or mock.")
        }
    }

    public func shutdown() async {
        if case .wire(let upstream) = backend { await upstream.transport.shutdown() }
    }
}
