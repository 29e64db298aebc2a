import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// Relays a request to an upstream that speaks the client's own format (Anthropic to Anthropic,
/// Gemini to Gemini, Responses to Responses): the body goes up as prepared, the answer comes back
/// event by event as the upstream sent it while the format's observer reads usage from it.
struct WirePassthroughRelay: Sendable {
    let upstream: WireUpstream
    let path: String
    let body: [UInt8]
    /// Client headers the upstream should see (Anthropic's version and beta flags).
    let forwarded: [(name: String, value: String)]
    let accounting: RequestAccounting
    let decodeError: @Sendable (Int, [UInt8]) -> GatewayError

    static let maximumResponseBytes = 64 * 1024 * 1024

    /// A non-streaming answer: `observe` rewrites the body for the client and reads its usage.
    func respond(
        observe: @Sendable ([UInt8]) async throws -> (body: [UInt8], usage: Usage?)
    ) async throws -> Response {
        do {
            let response = try await upstream.post(path: path, body: body, stream: false, forwarded: forwarded)
            try await response.requireSuccess(decodeError: decodeError)
            let observed = try await observe(try await response.collect(limit: Self.maximumResponseBytes))
            accounting.succeed(usage: observed.usage)
            return .json(observed.body)
        } catch {
            accounting.fail(error, beforeResponse: true)
            throw error
        }
    }

    /// A streamed answer. `failure` writes the client format's error ending; `afterEnd` sees the
    /// observer once the stream is over (the Responses store keeps the final response there).
    func stream<Observer: PassthroughStreamObserving>(
        context: SwitchboardRequestContext, observer: Observer,
        failure: @escaping @Sendable (GatewayError) -> [ServerSentEvent],
        afterEnd: @escaping @Sendable (Observer) async -> Void = { _ in }
    ) async throws -> Response {
        let relay = self
        return try await StreamBridge.respond(context: context, shutdown: accounting.gateway.shutdownDeadline) { sink throws(GatewayError) in
            try await relay.relayStream(sink: sink, observer: observer, failure: failure, afterEnd: afterEnd)
        }
    }

    private func relayStream<Observer: PassthroughStreamObserving>(
        sink: StreamBridge.Sink, observer: Observer,
        failure: @Sendable (GatewayError) -> [ServerSentEvent],
        afterEnd: @Sendable (Observer) async -> Void
    ) async throws(GatewayError) {
        var observer = observer
        var firstToken: ContinuousClock.Instant?
        // Events relayed since the first content, about one token each: what a stream cut before
        // the upstream's usage is charged for.
        var contentEvents = 0
        do {
            let response = try await upstream.post(path: path, body: body, stream: true, forwarded: forwarded)
            try await response.requireSuccess(decodeError: decodeError)
            try await response.requireEventStream(decodeError: decodeError)
            // The first bytes written open the stream (``StreamBridge/Sink/write(_:)``): a stream
            // that breaks before any is an error response that failover may retry.
            var parser = SSEParser()
            for try await chunk in response.body {
                try response.checkDeadline()
                var output: [UInt8] = []
                for event in try parser.feed(chunk.readableBytesView) {
                    output += observer.relayBytes(event)
                    if observer.observedContent { contentEvents += 1 }
                }
                if firstToken == nil, observer.observedContent { firstToken = .now }
                await sink.write(output)
            }
            if let event = parser.finish() { await sink.write(observer.relayBytes(event)) }
            if let upstreamError = observer.observedError {
                accounting.fail(upstreamError, usage: observer.observedUsage, firstToken: firstToken)
                await afterEnd(observer)
                return
            }
            guard observer.observedCompletion else {
                throw GatewayError(.upstreamUnavailable, "The upstream stream ended before its final event.")
            }
            accounting.succeed(usage: observer.observedUsage, firstToken: firstToken)
            await afterEnd(observer)
        } catch {
            guard let gatewayError = sink.failure(error) else {
                accounting.cancel(usage: observer.observedUsage, firstToken: firstToken, countedOutputTokens: contentEvents)
                return
            }
            accounting.fail(gatewayError, usage: observer.observedUsage, firstToken: firstToken, countedOutputTokens: contentEvents, beforeResponse: !sink.isOpen)
            guard sink.isOpen else { throw gatewayError }
            await sink.write(GenerationRelay.bytes(failure(gatewayError)))
        }
    }
}
