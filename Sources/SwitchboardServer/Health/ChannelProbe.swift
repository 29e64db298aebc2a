import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// One tiny request to one model of a channel, to learn whether it answers: a one-token chat
/// ("Say OK.") for generation models, a one-word embedding for embedding models. Used by the
/// background health prober and by the admin API's channel test.
struct ChannelProbe: Sendable {
    let channel: Channel
    /// The name clients use; the probe asks the upstream for the name it maps to.
    let clientModel: String
    let kind: ProbeKind
    /// Output tokens a chat probe may produce.
    var maxOutputTokens = 1

    init(channel: Channel, clientModel: String, kind: ProbeKind? = nil, maxOutputTokens: Int = 1) {
        self.channel = channel
        self.clientModel = clientModel
        self.kind = kind ?? ProbeKind.of(model: clientModel)
        self.maxOutputTokens = maxOutputTokens
    }

    var upstreamModel: String { channel.configuration.upstreamModel(for: clientModel) }

    /// Sends the probe; the chat probe's answer comes back (nil for an embeddings probe).
    func send() async throws(GatewayError) -> GenerationResponse? {
        switch (kind, channel.backend) {
        case (.embeddings, .wire(let upstream)) where upstream.format != .anthropicMessages:
            try await embed(upstream)
            return nil
        default:
            return try await chatProvider().generate(GenerationRequest(
                model: upstreamModel, messages: [Message(role: .user, content: [.text("Say OK.")])],
                maxOutputTokens: maxOutputTokens))
        }
    }

    /// The provider a chat probe goes through: the channel's own generator, or its upstream in
    /// the format it speaks for this model.
    func chatProvider() -> any GenerationProvider {
        switch channel.backend {
        case .generator(let generator):
            return generator
        case .wire(let upstream):
            let format = upstream.format(forClient: upstream.format, clientModel: clientModel)
            return WireGenerationProvider(upstream: upstream, adapter: UpstreamAdapters.adapter(for: format, upstream: upstream))
        }
    }

    private func embed(_ upstream: WireUpstream) async throws(GatewayError) {
        let path: String
        let body: JSONValue
        if upstream.format == .gemini {
            path = "/models/\(upstreamModel):embedContent"
            body = ["content": ["parts": [["text": "ping"]]]]
        } else {
            path = "/embeddings"
            body = ["model": .string(upstreamModel), "input": "ping"]
        }
        let response = try await upstream.post(path: path, body: JSON.serialize(body), stream: false)
        try await response.requireSuccess { status, bytes in
            upstream.format == .gemini
                ? GeminiErrorEnvelope.decode(bytes, status: status) : OpenAIErrorEnvelope.decode(bytes, status: status)
        }
        _ = try await response.collect(limit: 16 * 1024 * 1024)
    }
}
