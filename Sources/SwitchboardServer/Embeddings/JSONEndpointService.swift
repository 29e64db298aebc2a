import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// What a JSON endpoint beside generation read from its body: the parsed request, the model it
/// names and the client's `user` (for session affinity).
struct JSONEndpointInput<Parsed: Sendable>: Sendable {
    let parsed: Parsed
    let model: String
    let user: String?
}

extension Gateway {
    /// Serves one request to a JSON endpoint beside generation (embeddings, moderations, rerank)
    /// the way chat is served: the body read up to the size limit and parsed (400 naming the
    /// field), admitted (auth was checked by the middleware; model access 404/403, rate limits
    /// and budget, with no output tokens to reserve), then tried on each route of its failover plan
    /// until one answers; one usage record per request under `endpoint`.
    func serveJSONEndpoint<Parsed: Sendable>(
        _ request: Request, context: SwitchboardRequestContext, endpoint: String,
        parse: ([UInt8]) throws(GatewayError) -> JSONEndpointInput<Parsed>,
        serve: (Parsed, ModelRouter.Route, RequestAccounting) async throws -> Response
    ) async throws -> Response {
        var accounting = RequestAccounting(
            gateway: self, requestID: context.requestID, keyID: context.clientKey?.id,
            endpoint: endpoint, model: "", started: context.started)
        let input: JSONEndpointInput<Parsed>
        let plan: FailoverPlan
        do {
            let body = try await RequestBodyReader.read(request, limit: configuration.maxBodyBytes)
            logBody(body, context: context)
            input = try parse(body)
            accounting.model = input.model
            let affinity = SessionAffinity.key(headers: request.headers, promptCacheKey: nil, metadataUserID: nil, user: input.user)
            plan = try admit(
                model: input.model, bodyBytes: body.count, maxOutputTokens: 0, affinity: affinity,
                context: context, accounting: &accounting)
        } catch {
            accounting.fail(GatewayError.from(error, request: request))
            throw error
        }
        return try await failover(plan, accounting: accounting) { route, accounting in
            try await serve(input.parsed, route, accounting)
        }
    }
}
