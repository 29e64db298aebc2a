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
        try await gateway.serveJSONEndpoint(request, context: context, endpoint: "rerank") { body throws(GatewayError) in
            let rerank = try RerankRequest(body: body)
            return JSONEndpointInput(parsed: rerank, model: rerank.model, user: nil)
        } serve: { (rerank: RerankRequest, route, accounting) in
            switch EmbeddingsUpstream(route) {
            case .mock:
                return try accounting.answer { () throws(GatewayError) in MockRerank.answer(rerank) }
            case .openAI(let upstream, official: false):
                let estimate = rerank.estimatedTokens
                return try await accounting.relayOpenAI(
                    upstream, path: "/rerank", body: rerank.body.rewritingModel(to: route.upstreamModel)
                ) { bytes in
                    let relayed = try OpenAIChatResponseRelay.relay(body: bytes, clientModel: rerank.model)
                    return (relayed.body, Usage(promptTokens: RerankUsage.tokens(in: bytes) ?? estimate))
                }
            case .openAI(_, official: true), .gemini, .unsupported:
                throw accounting.refuse(EmbeddingsUpstream.refusal("rerank", model: rerank.model, route: route))
            }
        }
    }
}
