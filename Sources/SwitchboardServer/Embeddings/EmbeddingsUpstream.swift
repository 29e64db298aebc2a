import SwitchboardCore
import SwitchboardProviders

/// How a route's channel serves the endpoints beside generation (embeddings, moderations,
/// rerank): the mock answers in-process, OpenAI-kind channels get the client's body as sent,
/// Gemini channels a translation; Anthropic channels serve none of them.
enum EmbeddingsUpstream {
    case mock
    /// An `openai` (`official`) or `openai-compatible` channel.
    case openAI(WireUpstream, official: Bool)
    case gemini(WireUpstream)
    case unsupported

    init(_ route: ModelRouter.Route) {
        switch (route.channel.configuration.provider, route.channel.backend) {
        case (.mock, _): self = .mock
        case (.openai, .wire(let upstream)): self = .openAI(upstream, official: true)
        case (.openaiCompatible, .wire(let upstream)): self = .openAI(upstream, official: false)
        case (.gemini, .wire(let upstream)): self = .gemini(upstream)
        default: self = .unsupported
        }
    }

    /// The 400 for a model whose channel cannot serve `what` ("embeddings", "moderations", "rerank").
    static func refusal(_ what: String, model: String, route: ModelRouter.Route) -> GatewayError {
        GatewayError.channelCannotServe(
            "The model '\(model)' does not serve \(what): its channel '\(route.channel.name)' is of kind '\(route.channel.configuration.provider.rawValue)', which has no \(what) endpoint.")
    }
}
