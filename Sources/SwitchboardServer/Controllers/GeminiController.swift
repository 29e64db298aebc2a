import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// Gemini's native API: `POST /v1beta/models/{model}:generateContent`, `:streamGenerateContent`
/// (`alt=sse`), `:countTokens`, and `GET /v1beta/models`; relayed as is to Gemini channels,
/// translated for every other channel; errors in Gemini's envelope.
struct GeminiController {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.post("models/{model}", use: act)
        group.get("models", use: list)
        group.get("models/{model}", use: show)
    }

    /// `{model}:{method}` split at the last colon (model names may hold colons).
    static func split(_ action: String) -> (model: String, method: String)? {
        guard let colon = action.lastIndex(of: ":") else { return nil }
        return (String(action[..<colon]), String(action[action.index(after: colon)...]))
    }

    @Sendable func act(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let action = context.parameters.get("model") ?? ""
        guard let (model, method) = Self.split(action) else {
            throw GatewayError(.notFound, "Unknown endpoint: POST \(request.uri.path). Expected models/{model}:generateContent.")
        }
        switch method {
        case "generateContent": return try await generate(request, context: context, model: model, stream: false)
        case "streamGenerateContent": return try await generate(request, context: context, model: model, stream: true)
        case "countTokens": return try await countTokens(request, context: context, model: model)
        default:
            throw GatewayError(.notFound, "Method '\(method)' is not supported; use generateContent, streamGenerateContent or countTokens.")
        }
    }

    private func generate(
        _ request: Request, context: SwitchboardRequestContext, model: String, stream: Bool
    ) async throws -> Response {
        var accounting = RequestAccounting(
            gateway: gateway, requestID: context.requestID, keyID: context.clientKey?.id,
            endpoint: "gemini.generate_content", model: model, started: context.started)
        accounting.streamed = stream
        let body: [UInt8]
        let generation: GenerationRequest
        let plan: FailoverPlan
        do {
            body = try await RequestBodyReader.read(request, limit: gateway.configuration.maxBodyBytes)
            gateway.logBody(body, context: context)
            generation = try GeminiRequestDecoder.decode(body: body, model: model, stream: stream)
            plan = try gateway.admit(
                model: model, bodyBytes: body.count, maxOutputTokens: generation.maxOutputTokens,
                affinity: SessionAffinity.key(headers: request.headers, promptCacheKey: nil, metadataUserID: nil, user: nil),
                requirements: { .of(generation) }, context: context, accounting: &accounting)
        } catch {
            accounting.fail(GatewayError.from(error, request: request))
            throw error
        }
        return try await gateway.failover(plan, accounting: accounting) { route, accounting in
            switch RelayPlan.make(clientFormat: .gemini, route: route, clientModel: model) {
            case .passthrough(let upstream):
                let adapter = GeminiAdapter()
                let relay = WirePassthroughRelay(
                    upstream: upstream, path: adapter.path(model: route.upstreamModel, stream: stream), body: body,
                    forwarded: [], accounting: accounting, decodeError: { status, body in GeminiErrorEnvelope.decode(body, status: status) })
                if stream {
                    return try await relay.stream(
                        context: context, observer: GeminiStreamObserver(clientModel: model),
                        failure: { [ServerSentEvent(data: JSON.serialize(GeminiErrorEnvelope.encode($0)))] })
                }
                return try await relay.respond { bytes in (bytes, GeminiResponseObserver.observe(body: bytes).usage) }
            case .translate(let provider):
                var upstreamRequest = generation
                upstreamRequest.model = route.upstreamModel
                let relay = GenerationRelay(provider: provider, generation: upstreamRequest, accounting: accounting)
                if stream {
                    return try await relay.stream(context: context, encoder: GeminiStreamEncoder(model: model))
                }
                return try await relay.respond { response in
                    var response = response
                    response.model = model
                    return GeminiResponseEncoder.encode(response)
                }
            }
        }
    }

    private func countTokens(_ request: Request, context: SwitchboardRequestContext, model: String) async throws -> Response {
        let body = try await RequestBodyReader.read(request, limit: gateway.configuration.maxBodyBytes)
        _ = try ModelAccess.route(model, key: context.clientKey, router: gateway.router)
        // countTokens takes `contents` directly or a whole request under `generateContentRequest`.
        var requestBody = body
        if let wrapped = (try? JSON.parse(body))?["generateContentRequest"] { requestBody = JSON.serialize(wrapped) }
        let generation = try GeminiRequestDecoder.decode(body: requestBody, model: model, stream: false)
        return .json(.object(["totalTokens": .int(TokenEstimator.estimate(generation))]))
    }

    @Sendable func list(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let models = gateway.router.modelNames.filter { context.clientKey?.models.allows($0) ?? false }
        return .json(.object(["models": .array(models.map(Self.modelObject))]))
    }

    @Sendable func show(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let model = context.parameters.get("model") ?? ""
        _ = try ModelAccess.route(model, key: context.clientKey, router: gateway.router)
        return .json(Self.modelObject(model))
    }

    static func modelObject(_ name: String) -> JSONValue {
        .object([
            "name": .string("models/\(name)"), "displayName": .string(name),
            "supportedGenerationMethods": .array(["generateContent", "streamGenerateContent", "countTokens"]),
        ])
    }
}
