import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// Serves a Chat Completions request from a provider that generates in the canonical model (the
/// built-in mock): decode the client's format, generate, encode back.
struct ChatGeneratorRelay {
    let provider: any GenerationProvider
    let route: ModelRouter.Route
    let request: OpenAIChatInboundRequest
    let accounting: RequestAccounting

    func respond(context: SwitchboardRequestContext) async throws -> Response {
        var generation = OpenAIChatDecoder.decode(request)
        generation.model = route.upstreamModel
        let clientModel = request.model
        if request.stream {
            let events = provider.stream(generation)
            return try await StreamBridge.respond(context: context) { sink throws(GatewayError) in
                var encoder = OpenAIChatStreamEncoder(model: clientModel, includeUsage: request.includeUsage)
                var usage: Usage?
                var firstToken: ContinuousClock.Instant?
                sink.open()
                do {
                    for try await event in events {
                        if case .usage(let reported) = event { usage = reported }
                        if firstToken == nil, event.carriesContent { firstToken = .now }
                        for sse in encoder.encode(event) { await sink.write(sse) }
                    }
                    await sink.write(OpenAIChatStreamEncoder.done)
                    accounting.succeed(usage: usage, firstToken: firstToken)
                } catch {
                    if Task.isCancelled {
                        accounting.cancel(usage: usage, firstToken: firstToken)
                        return
                    }
                    let gatewayError = error as? GatewayError ?? GatewayError(.internalError, "The generation failed.")
                    accounting.fail(gatewayError, usage: usage, firstToken: firstToken)
                    await sink.write(OpenAIChatStreamEncoder.failure(gatewayError))
                }
            }
        }
        do {
            var response = try await provider.generate(generation)
            response.model = clientModel
            accounting.succeed(usage: response.usage)
            return .json(OpenAIChatEncoder.encode(response))
        } catch {
            accounting.fail(error)
            throw error
        }
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
}
