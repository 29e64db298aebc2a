import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// A request to a JSON endpoint beside generation (embeddings, moderations, rerank) as its format
/// type reads it: validated from the client's body (400 naming the field), the model it names,
/// and the client's JSON kept for a passthrough.
protocol JSONEndpointRequest: Sendable {
    init(body: [UInt8]) throws(GatewayError)
    var body: JSONRequestBody { get }
    var model: String { get }
    /// The client's `user`, for session affinity.
    var user: String? { get }
}

extension JSONEndpointRequest {
    var user: String? { nil }
}

extension EmbeddingsRequest: JSONEndpointRequest {}
extension ModerationsRequest: JSONEndpointRequest {}
extension RerankRequest: JSONEndpointRequest {}

extension Gateway {
    /// Serves one request to a JSON endpoint beside generation (embeddings, moderations, rerank)
    /// through ``Gateway/serve(_:context:endpoint:read:serve:)``: the body read up to the size limit and parsed (400 naming the
    /// field), admitted (auth was checked by the middleware; model access 404/403, rate limits
    /// and budget, with no output tokens to reserve), then tried on each route of its failover plan
    /// until one answers; one usage record per request under `endpoint`.
    func serveJSONEndpoint<Parsed: JSONEndpointRequest>(
        _ request: Request, context: SwitchboardRequestContext, endpoint: String,
        serve: (Parsed, ModelRouter.Route, RequestAccounting) async throws -> Response
    ) async throws -> Response {
        try await self.serve(request, context: context, endpoint: endpoint) { accounting in
            let body = try await RequestBodyReader.read(request, limit: configuration.maxBodyBytes)
            logBody(body, context: context)
            let parsed = try Parsed(body: body)
            accounting.model = parsed.model
            let affinity = SessionAffinity.key(headers: request.headers, promptCacheKey: nil, metadataUserID: nil, user: parsed.user)
            return (parsed, AdmissionRequest(model: parsed.model, bodyBytes: body.count, maxOutputTokens: 0, affinity: affinity))
        } serve: { parsed, route, accounting in
            try await serve(parsed, route, accounting)
        }
    }
}
