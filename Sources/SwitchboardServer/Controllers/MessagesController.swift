import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// `POST /v1/messages` and `POST /v1/messages/count_tokens` in Anthropic's format: relayed as is
/// to Anthropic channels, translated for every other channel; errors in Anthropic's envelope.
struct MessagesController {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.post("messages", use: create)
        group.post("messages/count_tokens", use: countTokens)
    }

    @Sendable func create(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        var accounting = RequestAccounting(
            gateway: gateway, requestID: context.requestID, keyID: context.clientKey?.id,
            endpoint: "messages", model: "", started: context.started)
        let body: [UInt8]
        let generation: GenerationRequest
        let plan: FailoverPlan
        do {
            body = try await RequestBodyReader.read(request, limit: gateway.configuration.maxBodyBytes)
            gateway.logBody(body, context: context)
            generation = try AnthropicMessagesRequestDecoder.decode(body: body)
            accounting.model = generation.model
            accounting.streamed = generation.stream
            let affinity = SessionAffinity.key(
                headers: request.headers, promptCacheKey: nil,
                metadataUserID: generation.metadata?["user_id"]?.stringValue, user: generation.user)
            plan = try gateway.admit(
                model: generation.model, bodyBytes: body.count, maxOutputTokens: generation.maxOutputTokens,
                affinity: affinity, requirements: { .of(generation) }, context: context, accounting: &accounting)
        } catch {
            accounting.fail(GatewayError.from(error, request: request))
            throw error
        }
        return try await gateway.failover(plan, accounting: accounting) { route, accounting in
            let clientModel = generation.model
            switch RelayPlan.make(clientFormat: .anthropicMessages, route: route, clientModel: clientModel) {
            case .passthrough(let upstream):
                let relay = WirePassthroughRelay(
                    upstream: upstream, path: "/messages",
                    body: try AnthropicMessagesPassthrough.rewrite(body: body, upstreamModel: route.upstreamModel),
                    forwarded: Self.forwardedHeaders(of: request), accounting: accounting,
                    decodeError: { status, body in AnthropicErrorEnvelope.decode(body, status: status) })
                if generation.stream {
                    return try await relay.stream(
                        context: context, observer: AnthropicMessagesStreamObserver(clientModel: clientModel),
                        failure: { [Self.errorEvent($0)] })
                }
                return try await relay.respond { bytes in
                    let observed = AnthropicMessagesResponseObserver.observe(body: bytes, clientModel: clientModel)
                    return (observed.body, observed.usage)
                }
            case .translate(let provider):
                var upstreamRequest = generation
                upstreamRequest.model = route.upstreamModel
                let relay = GenerationRelay(provider: provider, generation: upstreamRequest, accounting: accounting)
                if generation.stream {
                    let encoder = AnthropicMessagesStreamEncoder(
                        model: clientModel, inputTokens: TokenEstimator.estimate(generation))
                    return try await relay.stream(context: context, encoder: encoder)
                }
                return try await relay.respond { response in
                    var response = response
                    response.model = clientModel
                    return AnthropicMessagesResponseEncoder.encode(response)
                }
            }
        }
    }

    /// Counts a request's input tokens: Anthropic channels count them exactly; for every other
    /// channel the gateway estimates.
    @Sendable func countTokens(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let body = try await RequestBodyReader.read(request, limit: gateway.configuration.maxBodyBytes)
        // count_tokens takes a Messages request without `max_tokens`; the decoder needs one.
        let generation = try AnthropicMessagesRequestDecoder.decode(body: try Self.withMaxTokens(body))
        let route = try ModelAccess.route(generation.model, key: context.clientKey, router: gateway.router)
        if case .passthrough(let upstream) = RelayPlan.make(
            clientFormat: .anthropicMessages, route: route, clientModel: generation.model)
        {
            let response = try await upstream.post(
                path: "/messages/count_tokens",
                body: try AnthropicMessagesPassthrough.rewrite(body: body, upstreamModel: route.upstreamModel),
                stream: false, forwarded: Self.forwardedHeaders(of: request))
            // Anthropic-compatible servers without count_tokens (404) get the gateway's estimate.
            if response.status != 404 {
                try await response.requireSuccess(decodeError: { status, body in AnthropicErrorEnvelope.decode(body, status: status) })
                return .json(try await response.collect(limit: 1024 * 1024))
            }
        }
        return .json(.object(["input_tokens": .int(TokenEstimator.estimate(generation))]))
    }

    static func withMaxTokens(_ body: [UInt8]) throws(GatewayError) -> [UInt8] {
        let index: JSONObjectIndex
        do { index = try JSON.index(body) } catch { throw GatewayError.malformedJSON(error) }
        guard index["max_tokens"] == nil else { return body }
        var splice = JSONSplice(document: body, index: index)
        splice.set("max_tokens", to: .int(1))
        return splice.result()
    }

    /// Anthropic's version and beta headers, passed on so the upstream behaves as the client asked.
    static func forwardedHeaders(of request: Request) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        for name in ["anthropic-version", "anthropic-beta"] {
            if let value = request.headers[HTTPField.Name(name)!] { headers.append((name, value)) }
        }
        return headers
    }

    static func errorEvent(_ error: GatewayError) -> ServerSentEvent {
        ServerSentEvent(event: "error", data: JSON.serialize(AnthropicErrorEnvelope.encode(error)))
    }
}
