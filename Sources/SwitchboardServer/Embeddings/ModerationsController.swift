import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// `POST /v1/moderations` in OpenAI's format: relayed as sent to `openai` and `openai-compatible`
/// channels (only `model` rewritten; `omni-moderation-latest` when the client named none),
/// classified by the mock's word lists; other channel kinds have no moderations (400).
struct ModerationsController {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.post("moderations", use: create)
    }

    @Sendable func create(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        try await gateway.serveJSONEndpoint(request, context: context, endpoint: "moderations") {
            (moderation: ModerationsRequest, route, accounting) in
            switch EmbeddingsUpstream(route) {
            case .mock:
                return try accounting.answer { () throws(GatewayError) in MockModeration.answer(moderation) }
            case .openAI(let upstream, _):
                let estimate = moderation.estimatedTokens
                return try await accounting.relayOpenAI(moderation, to: upstream, path: "/moderations", route: route) {
                    _, reported in reported ?? Usage(promptTokens: estimate)
                }
            case .gemini, .unsupported:
                throw accounting.refuse(EmbeddingsUpstream.refusal("moderations", model: moderation.model, route: route))
            }
        }
    }
}
