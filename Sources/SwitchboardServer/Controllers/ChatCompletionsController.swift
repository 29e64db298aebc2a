import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders
import SwitchboardStore

/// `POST /v1/chat/completions`: validates, checks the key may use the model, picks a channel and
/// relays (passthrough for OpenAI-compatible upstreams, generation for the mock).
struct ChatCompletionsController {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.post("chat/completions", use: complete)
    }

    @Sendable func complete(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        var accounting = RequestAccounting(
            gateway: gateway, requestID: context.requestID, keyID: context.clientKey?.id,
            endpoint: "chat.completions", model: "", started: context.started)
        let chat: OpenAIChatInboundRequest
        let plan: FailoverPlan
        do {
            if let prepared = context.preparedChat {
                chat = prepared.chat
                gateway.logBody(chat.body, context: context)
            } else {
                let body = try await RequestBodyReader.read(request, limit: gateway.configuration.maxBodyBytes)
                gateway.logBody(body, context: context)
                chat = try OpenAIChatInboundRequest(body: body)
            }
            accounting.model = chat.model
            accounting.streamed = chat.stream
            plan = try gateway.admit(
                model: chat.model, bodyBytes: chat.body.count, maxOutputTokens: chat.maxOutputTokens,
                affinity: SessionAffinity.key(of: chat, headers: request.headers),
                requirements: { .of(chat) }, mayNeedResponsesAPI: false,
                context: context, accounting: &accounting)
        } catch {
            accounting.fail(GatewayError.from(error, request: request))
            throw error
        }
        return try await gateway.failover(plan, accounting: accounting) { route, accounting in
            switch RelayPlan.make(clientFormat: .openAIChat, route: route, clientModel: chat.model) {
            case .passthrough(let upstream):
                return try await ChatPassthroughRelay(upstream: upstream, route: route, request: chat, accounting: accounting)
                    .respond(context: context)
            case .translate(let provider):
                return try await Self.translate(chat, provider: provider, route: route, accounting: accounting, context: context)
            }
        }
    }

    /// Serves a Chat request through the canonical model (the mock, or an upstream in another format).
    static func translate(
        _ chat: OpenAIChatInboundRequest, provider: any GenerationProvider, route: ModelRouter.Route,
        accounting: RequestAccounting, context: SwitchboardRequestContext
    ) async throws -> Response {
        var generation = OpenAIChatDecoder.decode(chat)
        generation.model = route.upstreamModel
        let clientModel = chat.model
        let relay = GenerationRelay(provider: provider, generation: generation, accounting: accounting)
        if chat.stream {
            return try await relay.stream(
                context: context, encoder: OpenAIChatStreamEncoder(model: clientModel, includeUsage: chat.includeUsage))
        }
        return try await relay.respond { response in
            var response = response
            response.model = clientModel
            return OpenAIChatEncoder.encode(response)
        }
    }
}

/// Which models a key may use, and the route for one it asks for.
enum ModelAccess {
    static func route(_ model: String, key: ClientKey?, router: ModelRouter) throws(GatewayError) -> ModelRouter.Route {
        try check(model, key: key, router: router)
        guard let route = router.candidates(for: model).first else { throw notFound(model) }
        return route
    }

    /// The model is served and the key may use it (404, then 403), without ordering its routes.
    static func check(_ model: String, key: ClientKey?, router: ModelRouter) throws(GatewayError) {
        guard router.serves(model) else { throw notFound(model) }
        guard key?.models.allows(model) ?? false else {
            throw GatewayError(.permission, "This API key is not allowed to use the model '\(model)'.", param: "model")
        }
    }

    static func notFound(_ model: String) -> GatewayError {
        GatewayError(.modelNotFound, "The model '\(model)' does not exist or you do not have access to it.", param: "model")
    }
}

/// Reads a request body up to the configured limit: 413 above it, without reading further.
enum RequestBodyReader {
    static func read(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let length = request.headers.firstValue(.contentLength).flatMap(Int.init), length > limit {
            throw tooLarge(length: length, limit: limit)
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw GatewayError(.requestTooLarge, "The request body is larger than the \(limit) bytes this gateway accepts.")
        }
    }

    /// The 413 for a body of `length` bytes.
    static func tooLarge(length: Int, limit: Int) -> GatewayError {
        GatewayError(.requestTooLarge, "The request body (\(length) bytes) is larger than the \(limit) bytes this gateway accepts.")
    }
}
