import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// `POST /v1/embeddings` in OpenAI's format: relayed as sent to `openai` and `openai-compatible`
/// channels (only `model` rewritten), translated to `batchEmbedContents` for `gemini` channels,
/// computed by the mock; the answer's `model` is the name the client asked for.
struct EmbeddingsController {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.post("embeddings", use: create)
    }

    @Sendable func create(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        try await gateway.serveJSONEndpoint(request, context: context, endpoint: "embeddings") {
            (embeddings: EmbeddingsRequest, route, accounting) in
            switch EmbeddingsUpstream(route) {
            case .mock:
                return try accounting.answer { () throws(GatewayError) in try MockEmbeddings.answer(embeddings) }
            case .openAI(let upstream, _):
                let estimate = embeddings.input.estimatedTokens
                return try await accounting.relayOpenAI(embeddings, to: upstream, path: "/embeddings", route: route) {
                    _, reported in reported ?? Usage(promptTokens: estimate)
                }
            case .gemini(let upstream):
                return try await GeminiEmbeddingsRelay(upstream: upstream, route: route, accounting: accounting).respond(embeddings)
            case .unsupported:
                throw accounting.refuse(EmbeddingsUpstream.refusal("embeddings", model: embeddings.model, route: route))
            }
        }
    }
}
