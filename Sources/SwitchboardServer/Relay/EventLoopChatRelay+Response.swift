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
        // The relay is changed where it is stored: a copy would retain each of its buffers.
        guard streamRelay != nil else { return }
        var output: [UInt8] = []
        output.reserveCapacity(part.readableBytes + 64)
        do {
            contentEvents += try streamRelay!.relay(read: part.readableBytesView, parser: &parser, into: &output)
        } catch {
            streamFailed(StreamBridge.gatewayError(error))
            return
        }
        if let malformed = streamRelay!.malformedEvent {
            if opened { writeStream(output) }
            streamFailed(ChatPassthroughRelay.notJSON(malformed))
            return
        }
        if firstToken == nil, streamRelay!.sawContent { firstToken = .now }
        // The first bytes open the stream, so one broken from its start can still be retried.
        writeStream(output)
    }

    /// The upstream's stream ended cleanly.
    func streamEnded() {
        guard streamRelay != nil, let attempt else { return }
        if let bytes = streamRelay!.relayRest(of: &parser) { writeStream(bytes) }
        // Read from here on only (once a request, so a copy is cheap enough).
        guard let relay = streamRelay else { return }
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
            var head = head(status: .ok, capacity: 512)
            head.add(StreamBridge.headers)
            head.add("transfer-encoding", "chunked")
            _ = try? dispatcher.writeHead(serialized: head.end(), status: 200, framing: .chunked, generation: generation)
        }
        _ = bytes.withUnsafeBytes { try? dispatcher.writeBody(bytes: $0, flush: true, generation: generation) }
    }

    // MARK: Whole responses

    /// Answers with an error in OpenAI's envelope (the task path's ``ErrorMiddleware`` answer).
    func answer(_ error: any Error) {
        let gatewayError = error as? GatewayError ?? StreamBridge.gatewayError(error)
        respond(
            status: HTTPResponse.Status(code: gatewayError.status), json: JSON.serialize(OpenAIErrorEnvelope.encode(gatewayError)),
            retryAfter: gatewayError.retryAfter)
    }

    /// Answers with a whole JSON body, in one write; the connection moves on to its next request.
    func respond(status: HTTPResponse.Status = .ok, json body: [UInt8], retryAfter: Int? = nil) {
        guard phase != .finished else { return }
        var head = head(status: status, capacity: 512 + body.count)
        head.add("content-type", "application/json")
        head.add("content-length", String(body.count))
        if let retryAfter { head.add("retry-after", String(retryAfter)) }
        let bytes = body.withUnsafeBytes { head.end(body: $0) }
        phase = .finished
        release()
        try? dispatcher.writeWhole(serialized: bytes, status: status.code, generation: generation)
    }

    /// A response head with the fields every answer carries, as the task path's middleware adds
    /// them: `x-request-id`, the rate-limit headers, `Date`.
    private func head(status: HTTPResponse.Status, capacity: Int) -> HTTP1ResponseHead {
        var head = HTTP1ResponseHead(status: status, allocator: channel.allocator, capacity: capacity)
        head.add("x-request-id", requestID)
        if let rateLimits {
            for header in RateLimitHeaders.openAI(rateLimits) { head.add(header.name, header.value) }
        }
        head.add("date", HTTPDateHeader.now)
        return head
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
