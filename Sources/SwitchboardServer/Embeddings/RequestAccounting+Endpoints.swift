import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// How one attempt of an endpoint beside generation writes its usage record: answers the gateway
/// computes itself, refusals found before anything went upstream, and relays to OpenAI-kind
/// upstreams, each recorded exactly once.
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

    /// Relays the client's body to an OpenAI-kind upstream's `path` with only `model` rewritten
    /// (to the route's upstream model): errors keep the upstream's status and message, the answer
    /// names the client's model again, and `usage` says what it is charged from the answer's bytes
    /// and the usage it reports in OpenAI's shape.
    func relayOpenAI(
        _ request: some JSONEndpointRequest, to upstream: WireUpstream, path: String, route: ModelRouter.Route,
        usage: @Sendable (_ answer: [UInt8], _ reported: Usage?) -> Usage
    ) async throws -> Response {
        let clientModel = request.model
        return try await WirePassthroughRelay(
            upstream: upstream, path: path, body: request.body.rewritingModel(to: route.upstreamModel), forwarded: [],
            accounting: self, decodeError: { status, body in OpenAIErrorEnvelope.decode(body, status: status) }
        ).respond { bytes in
            let relayed = try OpenAIChatResponseRelay.relay(body: bytes, clientModel: clientModel)
            return (relayed.body, usage(bytes, relayed.usage))
        }
    }
}
