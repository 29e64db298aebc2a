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

extension RequestAccounting {
    /// Runs work the gateway does itself on this attempt (a translation, a check of what the
    /// channel supports): a thrown error is recorded once and rethrown.
    func recordingFailure<Value>(_ work: () throws(GatewayError) -> Value) throws(GatewayError) -> Value {
        do {
            return try work()
        } catch {
            fail(error, beforeResponse: true)
            throw error
        }
    }

    /// Records `error`, found before anything went upstream, as this attempt's outcome.
    func refuse(_ error: GatewayError) -> GatewayError {
        fail(error, beforeResponse: true)
        return error
    }

    /// An answer computed in-process (the mock): its usage is recorded, or its error.
    func answer(_ make: () throws(GatewayError) -> (body: JSONValue, usage: Usage)) throws(GatewayError) -> Response {
        let answer = try recordingFailure(make)
        succeed(usage: answer.usage)
        return .json(answer.body)
    }

    /// Relays `body` to an OpenAI-kind upstream's `path`: errors keep the upstream's status and
    /// message, `observe` rewrites the answer for the client and reads its usage.
    func relayOpenAI(
        _ upstream: WireUpstream, path: String, body: [UInt8],
        observe: @Sendable ([UInt8]) async throws -> (body: [UInt8], usage: Usage?)
    ) async throws -> Response {
        try await WirePassthroughRelay(
            upstream: upstream, path: path, body: body, forwarded: [], accounting: self,
            decodeError: { status, body in OpenAIErrorEnvelope.decode(body, status: status) }
        ).respond(observe: observe)
    }
}
