import HTTPTypes
import NIOCore
import SwitchboardCore

/// How ``ConnectionDispatcher`` writes a response: HTTP/1.1 bytes straight to the socket's
/// handler, framed by its head (``HTTP1BodyFraming``), with no encoder in between. Called by
/// ``DispatchedResponse`` and ``EventLoopChatRelay`` on the event loop.
extension ConnectionDispatcher {
    /// Writes a router response's head.
    func writeHead(_ head: HTTPResponse, generation: Int) throws {
        let context = try current(generation)
        let (bytes, framing) = HTTP1BodyFraming.head(of: head, toConnect: respondsToConnect, allocator: context.channel.allocator)
        startResponse(bytes, status: head.status.code, framing: framing, context: context)
    }

    /// Writes a head the caller serialized (``HTTP1ResponseHead``), its body framed as `framing`.
    func writeHead(serialized bytes: ByteBuffer, status: Int, framing: HTTP1BodyFraming, generation: Int) throws {
        startResponse(bytes, status: status, framing: framing, context: try current(generation))
    }

    /// Writes a whole response the caller serialized, head and body (framed by its
    /// `Content-Length`), and ends it.
    func writeWhole(serialized bytes: ByteBuffer, status: Int, generation: Int) throws {
        let context = try current(generation)
        startResponse(bytes, status: status, framing: .contentLength, context: context)
        output.flush(context)
        responseEnded()
    }

    private func startResponse(_ bytes: ByteBuffer, status: Int, framing: HTTP1BodyFraming, context: ChannelHandlerContext) {
        if status >= 200 {
            incoming.responding = true
            incoming.answered = true
        }
        self.framing = framing
        context.write(wrapOutboundOut(.byteBuffer(bytes)), promise: nil)
    }

    /// Writes body bytes; returns whether the channel can take more without waiting.
    func writeBody(_ buffer: ByteBuffer, flush: Bool, generation: Int) throws -> Bool {
        let context = try current(generation)
        guard sendsBody else { return context.channel.isWritable }
        guard framing == .chunked else {
            return output.writeBody(wrapOutboundOut(.byteBuffer(buffer)), bytes: buffer.readableBytes, flush: flush, to: context)
        }
        // An empty chunk would end the body.
        guard buffer.readableBytes > 0 else { return context.channel.isWritable }
        if buffer.readableBytes > Self.copiedChunkLimit {
            var header = context.channel.allocator.buffer(capacity: 12)
            HTTP1BodyFraming.writeChunkHeader(size: buffer.readableBytes, into: &header)
            context.write(wrapOutboundOut(.byteBuffer(header)), promise: nil)
            context.write(wrapOutboundOut(.byteBuffer(buffer)), promise: nil)
            return output.writeBody(
                wrapOutboundOut(.byteBuffer(Self.chunkEnd)), bytes: buffer.readableBytes + header.readableBytes + 2, flush: flush,
                to: context)
        }
        return buffer.withUnsafeReadableBytes { bytes in
            writeChunk(bytes, flush: flush, context: context)
        }
    }

    /// Writes body bytes from memory (one copy, framing included); returns whether the channel
    /// can take more without waiting.
    func writeBody(bytes: UnsafeRawBufferPointer, flush: Bool, generation: Int) throws -> Bool {
        let context = try current(generation)
        guard sendsBody else { return context.channel.isWritable }
        guard framing == .chunked else {
            let buffer = context.channel.allocator.buffer(bytes: bytes)
            return output.writeBody(wrapOutboundOut(.byteBuffer(buffer)), bytes: bytes.count, flush: flush, to: context)
        }
        guard bytes.count > 0 else { return context.channel.isWritable }
        return writeChunk(bytes, flush: flush, context: context)
    }

    /// Chunks up to this size are copied into one buffer with their framing; larger ones are
    /// written as they are, between their size line and their end.
    static let copiedChunkLimit = 16 * 1024
    private static let chunkEnd = ByteBuffer(string: "\r\n")

    private func writeChunk(_ bytes: UnsafeRawBufferPointer, flush: Bool, context: ChannelHandlerContext) -> Bool {
        var framed = context.channel.allocator.buffer(capacity: bytes.count + 12)
        HTTP1BodyFraming.writeChunkHeader(size: bytes.count, into: &framed)
        framed.writeBytes(bytes)
        framed.writeStaticString("\r\n")
        return output.writeBody(wrapOutboundOut(.byteBuffer(framed)), bytes: framed.readableBytes, flush: flush, to: context)
    }

    /// Whether the current response's body goes on the wire (not for `HEAD`, 204, 304...).
    private var sendsBody: Bool { !suppressesBody && framing != .none }

    /// Waits for writability: resumes `continuation` once the channel can take more (or closed).
    func waitUntilWritable(_ continuation: UnsafeContinuation<Void, any Error>) {
        output.waitUntilWritable(continuation)
    }

    /// Ends the response (its last chunk and trailers when chunked) and flushes it.
    func finish(_ trailers: HTTPFields?, generation: Int) throws {
        let context = try current(generation)
        if framing == .chunked, !suppressesBody {
            let last = HTTP1BodyFraming.lastChunk(trailers: trailers, allocator: context.channel.allocator)
            output.writeAndFlush(wrapOutboundOut(.byteBuffer(last)), to: context)
        } else {
            output.flush(context)
        }
        responseEnded()
    }

    /// Ends a response its body never finished.
    func finishIfOpen(generation: Int) {
        guard responding, generation == self.generation, !closed else { return }
        try? finish(nil, generation: generation)
    }

    /// A response failed half-way (its body threw, or the client went away): the connection
    /// cannot carry another response after it.
    func abandon(generation: Int) {
        guard responding, generation == self.generation else { return }
        responding = false
        incoming.responding = false
        closeConnection()
    }

    /// The channel's context, for writing the current response.
    private func current(_ generation: Int) throws -> ChannelHandlerContext {
        guard !closed, !incoming.closing, let context else { throw ChannelError.ioOnClosedChannel }
        guard responding, generation == self.generation else { throw ChannelError.inappropriateOperationForState }
        return context
    }

    private func responseEnded() {
        responding = false
        incoming.responding = false
        let action = idle.responseEnded()
        if action == .close || closeAfterResponse || (inputClosed && queued.isEmpty && isBetweenRequests) {
            closeConnection()
            return
        }
        scheduleIdleCheck(action)
        switch body {
        case .received:
            nextRequest()
        case .streaming(let source):
            // Answered before the whole body arrived (413, an early error): the rest is dropped.
            source.finish()
            body = .dropping
            bodyBackPressure = false
            resumeReadingIfPending()
        case .none, .holding, .dropping:
            break
        }
    }
}
