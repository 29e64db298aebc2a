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
