import Hummingbird
import SwitchboardCore

/// What a handler read from a request that admission needs: the model it names, the body bytes
/// the prompt is estimated from, the output tokens to reserve (nil: the default estimate) and the
/// session-affinity key.
struct AdmissionRequest {
    var model: String
    var bodyBytes: Int
    var maxOutputTokens: Int?
    var affinity: String?

    init(model: String, bodyBytes: Int, maxOutputTokens: Int? = nil, affinity: String? = nil) {
        self.model = model
        self.bodyBytes = bodyBytes
        self.maxOutputTokens = maxOutputTokens
        self.affinity = affinity
    }
}

extension Gateway {
    /// Serves one client request the way every endpoint is served, with one usage record under
    /// `endpoint`: `read` takes the request apart and validates it (400 naming the field), setting
    /// `accounting.model` and `streamed` as soon as it knows them so an error found later is
    /// recorded under them; the request is then admitted (model access 404/403, rate limits,
    /// budget) and `serve` is tried on each route of its failover plan until one answers. A
    /// failure before the first attempt is recorded here and rethrown.
    func serve<Input>(
        _ request: Request, context: SwitchboardRequestContext, endpoint: String,
        read: (inout RequestAccounting) async throws -> (input: Input, admission: AdmissionRequest),
        serve: (inout Input, ModelRouter.Route, RequestAccounting) async throws -> Response
    ) async throws -> Response {
        var accounting = RequestAccounting(
            gateway: self, requestID: context.requestID, keyID: context.clientKey?.id,
            endpoint: endpoint, model: "", started: context.started)
        var input: Input
        let plan: FailoverPlan
        do {
            let read = try await read(&accounting)
            input = read.input
            plan = try admit(
                model: read.admission.model, bodyBytes: read.admission.bodyBytes,
                maxOutputTokens: read.admission.maxOutputTokens, affinity: read.admission.affinity,
                context: context, accounting: &accounting)
        } catch {
            accounting.fail(GatewayError.from(error, request: request))
            throw error
        }
        return try await failover(plan, accounting: accounting) { route, accounting in
            try await serve(&input, route, accounting)
        }
    }
}
