import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// Serves a request through the canonical model: a provider that generates (the mock) or
/// translates (a wire upstream in another format), and the client format's encoders.
///
/// Streams open only when the first event arrives, so an upstream that fails before answering
/// (429, 5xx, unreachable) gives the client an ordinary error response with the right status.
struct GenerationRelay: Sendable {
    let provider: any GenerationProvider
    /// The request as the provider gets it (`model` is the upstream name).
    let generation: GenerationRequest
    let accounting: RequestAccounting

    /// Answers with one body built by `encode`; `encode` may also store what it built.
    func respond(
        encode: @Sendable (GenerationResponse) async throws -> JSONValue
    ) async throws -> Response {
        do {
            let response = try await provider.generate(generation)
            let body = try await encode(response)
            accounting.succeed(usage: response.usage)
            return .json(body)
        } catch {
            accounting.fail(error, beforeResponse: true)
            throw error
        }
    }

    /// Streams the generation in the client's format. `beforeClosing` runs after the last content
    /// event and before the closing events go out (the Responses store saves the response there,
    /// so a client that reads `response.completed` can chain on it at once).
    func stream<Encoder: ClientStreamEncoding>(
        context: SwitchboardRequestContext, encoder: Encoder,
        beforeClosing: @escaping @Sendable (Encoder) async -> Void = { _ in }
    ) async throws -> Response {
        let events = provider.stream(generation)
        let accounting = accounting
        return try await StreamBridge.respond(context: context, shutdown: accounting.gateway.shutdownDeadline) { sink throws(GatewayError) in
            var encoder = encoder
            var usage: Usage?
            var firstToken: ContinuousClock.Instant?
            var opened = false
            var outputCharacters = 0
            do {
                for try await event in events {
                    outputCharacters += event.outputCharacters
                    if !opened {
                        sink.open()
                        opened = true
                    }
                    if case .usage(let reported) = event { usage = reported }
                    if firstToken == nil, event.carriesContent { firstToken = .now }
                    await sink.write(Self.bytes(encoder.encode(event)))
                }
                if !opened {
                    sink.open()
                    opened = true
                }
                let closing = encoder.finish()
                await beforeClosing(encoder)
                await sink.write(Self.bytes(closing))
                accounting.succeed(usage: usage, firstToken: firstToken)
            } catch {
                guard let gatewayError = sink.failure(error) else {
                    accounting.cancel(usage: usage, firstToken: firstToken, countedOutputTokens: (outputCharacters + 3) / 4)
                    return
                }
                accounting.fail(gatewayError, usage: usage, firstToken: firstToken, countedOutputTokens: (outputCharacters + 3) / 4,
                    beforeResponse: !opened)
                guard opened else { throw gatewayError }
                let closing = encoder.fail(gatewayError)
                await beforeClosing(encoder)
                await sink.write(Self.bytes(closing))
            }
        }
    }

    static func bytes(_ events: [ServerSentEvent]) -> [UInt8] {
        guard events.count != 1 else { return events[0].encoded() }
        var output: [UInt8] = []
        for event in events { output += event.encoded() }
        return output
    }
}

extension StreamEvent {
    /// The event carries generated output (for time to first token).
    var carriesContent: Bool {
        switch self {
        case .textDelta, .reasoningDelta, .refusalDelta, .toolCallStart, .toolCallArgumentsDelta: true
        case .start, .finish, .usage, .toolCallSignature, .stopSequence: false
        }
    }

    /// Characters of generated output the event carries (about four per token), for charging a
    /// stream that ended without the upstream's usage.
    var outputCharacters: Int {
        switch self {
        case .textDelta(let text), .refusalDelta(let text): text.utf8.count
        case .reasoningDelta(let reasoning): reasoning.text.utf8.count
        case .toolCallArgumentsDelta(_, let delta): delta.utf8.count
        case .toolCallStart(_, _, let name): name.utf8.count
        case .start, .finish, .usage, .toolCallSignature, .stopSequence: 0
        }
    }
}
