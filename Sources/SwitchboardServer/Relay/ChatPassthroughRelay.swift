import Hummingbird
import NIOCore
import NIOHTTP1
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// Relays a Chat Completions request to an OpenAI-compatible upstream in its own format: the body
/// goes up with only `model` rewritten, the answer comes back as the upstream sent it.
struct ChatPassthroughRelay {
    let upstream: WireUpstream
    let route: ModelRouter.Route
    let request: OpenAIChatInboundRequest
    let accounting: RequestAccounting

    /// Bodies of upstream answers are read up to this size.
    static let maximumResponseBytes = 64 * 1024 * 1024
    static let maximumErrorBytes = 1024 * 1024

    func respond(context: SwitchboardRequestContext) async throws -> Response {
        let body = OpenAIChatPassthrough.upstreamBody(
            for: request, upstreamModel: route.upstreamModel, requestStreamUsage: upstream.streamUsage)
        if request.stream {
            return try await StreamBridge.respond(context: context, shutdown: accounting.gateway.shutdownDeadline) { sink throws(GatewayError) in
                try await relayStream(body: body, sink: sink)
            }
        }
        do {
            let response = try await upstream.post(path: "/chat/completions", body: body, stream: false)
            try await Self.checkStatus(response)
            let relayed = try OpenAIChatResponseRelay.relay(
                body: try await response.collect(limit: Self.maximumResponseBytes), clientModel: request.model)
            accounting.succeed(usage: relayed.usage)
            return .json(relayed.body)
        } catch {
            accounting.fail(error, beforeResponse: true)
            throw error
        }
    }

    /// Turns an upstream error status into the error the client gets, with the upstream's message.
    static func checkStatus(_ response: UpstreamResponse) async throws(GatewayError) {
        guard !(200..<300).contains(response.status) else { return }
        let body = (try? await response.collect(limit: maximumErrorBytes)) ?? []
        throw statusError(status: response.status, headers: response.headers, body: body)
    }

    /// The error an upstream's error status becomes: its message from the body, its `Retry-After`.
    static func statusError(status: Int, headers: HTTPHeaders, body: [UInt8]) -> GatewayError {
        var error = OpenAIErrorEnvelope.decode(body, status: status)
        if let retryAfter = headers.first(name: "retry-after").flatMap({ Int($0) }) {
            error.retryAfter = retryAfter
        }
        return error
    }

    /// A 200 that is not an event stream (a JSON body, an HTML page) is an upstream failure, told
    /// to the client as an error response rather than a broken stream.
    static func checkIsEventStream(_ response: UpstreamResponse) async throws(GatewayError) {
        guard let contentType = notAnEventStream(response.headers) else { return }
        let body = (try? await response.collect(limit: maximumErrorBytes)) ?? []
        throw notAnEventStreamError(contentType: contentType, body: body)
    }

    /// The content type of an answer to a streaming request that is not an event stream; nil when
    /// it is one (or says nothing).
    static func notAnEventStream(_ headers: HTTPHeaders) -> String? {
        let contentType = headers.first(name: "content-type")?.lowercased() ?? ""
        guard !contentType.isEmpty, !contentType.hasPrefix("text/event-stream") else { return nil }
        return contentType
    }

    /// The error such an answer becomes: the upstream's own error when its body is one.
    static func notAnEventStreamError(contentType: String, body: [UInt8]) -> GatewayError {
        if let parsed = try? JSON.parse(body), parsed["error"] != nil {
            return OpenAIErrorEnvelope.decode(body, status: 502)
        }
        return GatewayError(
            .upstreamUnavailable,
            "The upstream answered a streaming request with '\(contentType)' instead of an event stream.")
    }

    private func relayStream(body: [UInt8], sink: StreamBridge.Sink) async throws(GatewayError) {
        var relay = OpenAIChatStreamRelay(clientModel: request.model, clientWantsUsage: request.includeUsage)
        var firstToken: ContinuousClock.Instant?
        // Events relayed since the first content, about one token each: what a stream cut before
        // the upstream's usage is charged for.
        var contentEvents = 0
        do {
            let response = try await upstream.post(path: "/chat/completions", body: body, stream: true)
            try await Self.checkStatus(response)
            try await Self.checkIsEventStream(response)
            var parser = SSEParser()
            for try await chunk in response.body {
                try response.checkDeadline()
                // Events that arrived together go out together: one write per upstream read.
                var output: [UInt8] = []
                output.reserveCapacity(chunk.readableBytes + 64)
                contentEvents += try relay.relay(read: chunk.readableBytesView, parser: &parser, into: &output)
                if let malformed = relay.malformedEvent {
                    if sink.isOpen { await sink.write(output) }
                    throw Self.notJSON(malformed)
                }
                if firstToken == nil, relay.sawContent { firstToken = .now }
                // The first bytes open the stream, so one broken from its start can still be retried.
                await sink.write(output)
            }
            if let bytes = relay.relayRest(of: &parser) {
                await sink.write(bytes)
            }
            if let malformed = relay.malformedEvent { throw Self.notJSON(malformed) }
            if let upstreamError = relay.upstreamError {
                let message = upstreamError["message"]?.stringValue ?? "The upstream reported an error in the stream."
                accounting.fail(GatewayError(.upstreamStatus, message), usage: relay.usage, firstToken: firstToken)
                if !relay.sawDone { await sink.write(OpenAIChatStreamEncoder.done) }
                return
            }
            if !relay.sawDone {
                throw GatewayError(.upstreamUnavailable, "The upstream stream ended before [DONE].")
            }
            accounting.succeed(usage: relay.usage, firstToken: firstToken)
        } catch {
            guard let gatewayError = sink.failure(error) else {
                accounting.cancel(usage: relay.usage, firstToken: firstToken, countedOutputTokens: contentEvents)
                return
            }
            accounting.fail(gatewayError, usage: relay.usage, firstToken: firstToken, countedOutputTokens: contentEvents, beforeResponse: !sink.isOpen)
            guard sink.isOpen else { throw gatewayError }
            await sink.write(OpenAIChatStreamEncoder.failure(gatewayError))
        }
    }

    static func notJSON(_ event: String) -> GatewayError {
        GatewayError(.upstreamUnavailable, "The upstream sent a stream event that is not JSON: \(event)")
    }
}
