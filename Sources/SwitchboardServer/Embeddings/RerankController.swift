import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// `POST /v1/rerank` in the Cohere/Jina shape: relayed as sent to `openai-compatible` channels'
/// `{base_url}/rerank` (Jina, vLLM, SiliconFlow; only `model` rewritten), scored by the mock's
/// word overlap; OpenAI itself, Gemini and Anthropic have no rerank (400).
struct RerankController {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.post("rerank", use: create)
    }

    @Sendable func create(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        try await gateway.serveJSONEndpoint(request, context: context, endpoint: "rerank") {
            (rerank: RerankRequest, route, accounting) in
            switch EmbeddingsUpstream(route) {
            case .mock:
                return try accounting.answer { () throws(GatewayError) in MockRerank.answer(rerank) }
            case .openAI(let upstream, official: false):
                let estimate = rerank.estimatedTokens
                return try await accounting.relayOpenAI(rerank, to: upstream, path: "/rerank", route: route) {
                    answer, _ in Usage(promptTokens: RerankUsage.tokens(in: answer) ?? estimate)
                }
            case .openAI(_, official: true), .gemini, .unsupported:
                throw accounting.refuse(EmbeddingsUpstream.refusal("rerank", model: rerank.model, route: route))
            }
        }
    }
}
