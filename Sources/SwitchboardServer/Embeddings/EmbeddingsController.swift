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
        try await gateway.serveJSONEndpoint(request, context: context, endpoint: "embeddings") { body throws(GatewayError) in
            let embeddings = try EmbeddingsRequest(body: body)
            return JSONEndpointInput(parsed: embeddings, model: embeddings.model, user: embeddings.user)
        } serve: { (embeddings: EmbeddingsRequest, route, accounting) in
            switch EmbeddingsUpstream(route) {
            case .mock:
                return try accounting.answer { () throws(GatewayError) in try MockEmbeddings.answer(embeddings) }
            case .openAI(let upstream, _):
                let estimate = embeddings.input.estimatedTokens
                return try await accounting.relayOpenAI(
                    upstream, path: "/embeddings", body: embeddings.body.rewritingModel(to: route.upstreamModel)
                ) { bytes in
                    let relayed = try OpenAIChatResponseRelay.relay(body: bytes, clientModel: embeddings.model)
                    return (relayed.body, relayed.usage ?? Usage(promptTokens: estimate))
                }
            case .gemini(let upstream):
                return try await Self.gemini(embeddings, upstream: upstream, route: route, accounting: accounting)
            case .unsupported:
                throw accounting.refuse(EmbeddingsUpstream.refusal("embeddings", model: embeddings.model, route: route))
            }
        }
    }

    /// Through Gemini's `batchEmbedContents`; Gemini reports no tokens, so they are estimated.
    static func gemini(
        _ embeddings: EmbeddingsRequest, upstream: WireUpstream, route: ModelRouter.Route, accounting: RequestAccounting
    ) async throws -> Response {
        let body = try accounting.recordingFailure { () throws(GatewayError) in
            try GeminiEmbeddings.requestBody(for: embeddings, upstreamModel: route.upstreamModel)
        }
        let relay = WirePassthroughRelay(
            upstream: upstream, path: GeminiEmbeddings.path(model: route.upstreamModel), body: body, forwarded: [],
            accounting: accounting, decodeError: { status, body in GeminiErrorEnvelope.decode(body, status: status) })
        return try await relay.respond { bytes in
            let vectors = try GeminiEmbeddings.vectors(from: bytes, expected: embeddings.input.count)
            let tokens = embeddings.input.estimatedTokens
            let answer = EmbeddingsResponseEncoder.encode(
                vectors, format: embeddings.encodingFormat, model: embeddings.model, promptTokens: tokens)
            return (JSON.serialize(answer), Usage(promptTokens: tokens))
        }
    }
}
