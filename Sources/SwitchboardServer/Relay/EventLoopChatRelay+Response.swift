import HTTPTypes
import NIOCore
import SwitchboardCore
import SwitchboardFormats

/// The client's side of ``EventLoopChatRelay``: the stream relayed part by part, and the
/// response written through the ``ConnectionDispatcher`` with the headers the task path's
/// middleware would add (`x-request-id`, the rate-limit headers, `Date`).
extension EventLoopChatRelay {
    // MARK: The stream

    /// One read of the upstream's event stream: its events relayed, written in one write.
    func relayStreamPart(_ part: ByteBuffer) {
        guard var relay = streamRelay else { return }
        var output: [UInt8] = []
        output.reserveCapacity(part.readableBytes + 64)
        do {
            contentEvents += try relay.relay(read: part.readableBytesView, parser: &parser, into: &output)
        } catch {
            streamFailed(StreamBridge.gatewayError(error))
            return
        }
        if let malformed = relay.malformedEvent {
            streamRelay = relay
            if opened { writeStream(output) }
            streamFailed(ChatPassthroughRelay.notJSON(malformed))
            return
        }
        streamRelay = relay
        if firstToken == nil, relay.sawContent { firstToken = .now }
        // The first bytes open the stream, so one broken from its start can still be retried.
        writeStream(output)
    }

    /// The upstream's stream ended cleanly.
    func streamEnded() {
        guard var relay = streamRelay, let attempt else { return }
        if let bytes = relay.relayRest(of: &parser) {
            streamRelay = relay
            writeStream(bytes)
        }
        streamRelay = relay
        if let malformed = relay.malformedEvent {
            streamFailed(ChatPassthroughRelay.notJSON(malformed))
            return
        }
        if let upstreamError = relay.upstreamError {
            let message = upstreamError["message"]?.stringValue ?? "The upstream reported an error in the stream."
            self.attempt = nil
            attempt.fail(GatewayError(.upstreamStatus, message), usage: relay.usage, firstToken: firstToken)
            if !relay.sawDone { writeStream(OpenAIChatStreamEncoder.done.encoded()) }
            finishResponse()
            return
        }
        guard relay.sawDone else {
            streamFailed(GatewayError(.upstreamUnavailable, "The upstream stream ended before [DONE]."))
            return
        }
        self.attempt = nil
        attempt.succeed(usage: relay.usage, firstToken: firstToken)
        finishResponse()
    }

    /// The stream failed: before it opened, as any failed attempt (failover may go on); after,
    /// with OpenAI's error event and `[DONE]`.
    func streamFailed(_ error: GatewayError) {
        guard opened else {
            attemptFailed(error)
            return
        }
        cancelExchange()
        if let attempt {
            self.attempt = nil
            attempt.fail(error, usage: streamRelay?.usage, firstToken: firstToken, countedOutputTokens: contentEvents)
        }
        writeStream(OpenAIChatStreamEncoder.failure(error))
        finishResponse()
    }

    /// Writes stream bytes, opening the stream with the first.
    private func writeStream(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, phase != .finished else { return }
        if !opened {
            opened = true
            writeHead(status: .ok, headers: StreamBridge.headers, contentLength: nil, retryAfter: nil)
        }
        _ = try? dispatcher.writeBody(ByteBuffer(bytes: bytes), flush: true, generation: generation)
    }

    // MARK: Whole responses

    /// Answers with an error in OpenAI's envelope (the task path's ``ErrorMiddleware`` answer).
    func answer(_ error: any Error) {
        guard phase != .finished else { return }
        let gatewayError = error as? GatewayError ?? StreamBridge.gatewayError(error)
        let body = JSON.serialize(OpenAIErrorEnvelope.encode(gatewayError))
        writeHead(
            status: HTTPResponse.Status(code: gatewayError.status), headers: Self.jsonHeaders, contentLength: body.count,
            retryAfter: gatewayError.retryAfter)
        _ = try? dispatcher.writeBody(ByteBuffer(bytes: body), flush: false, generation: generation)
        finishResponse()
    }

    func respond(json body: [UInt8]) {
        guard phase != .finished else { return }
        writeHead(status: .ok, headers: Self.jsonHeaders, contentLength: body.count, retryAfter: nil)
        _ = try? dispatcher.writeBody(ByteBuffer(bytes: body), flush: false, generation: generation)
        finishResponse()
    }

    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    private func writeHead(status: HTTPResponse.Status, headers: HTTPFields, contentLength: Int?, retryAfter: Int?) {
        var fields = headers
        if let contentLength { fields.append(HTTPField(name: .contentLength, value: String(contentLength))) }
        if let retryAfter { fields.append(HTTPField(name: .retryAfter, value: String(retryAfter))) }
        fields.append(HTTPField(name: .requestID, value: requestID))
        if let rateLimits {
            for header in RateLimitHeaders.openAI(rateLimits) {
                if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
            }
        }
        fields.append(HTTPField(name: .date, value: HTTPDateHeader.now))
        _ = try? dispatcher.writeHead(HTTPResponse(status: status, headerFields: fields), generation: generation)
    }

    /// Ends the response; the connection moves on to its next request.
    func finishResponse() {
        guard phase != .finished else { return }
        phase = .finished
        release()
        try? dispatcher.finish(nil, generation: generation)
    }

    /// Gives back what the request held: its in-flight count, its shutdown registration, its
    /// timers, and its place as the connection's relay.
    func release() {
        backoffTimer?.cancel()
        backoffTimer = nil
        cancelExchange()
        if countsInFlight {
            countsInFlight = false
            gateway.inFlight.leave()
        }
        if let shutdownToken {
            self.shutdownToken = nil
            gateway.shutdownDeadline.remove(shutdownToken)
        }
        dispatcher.relayEnded(self)
    }
}
