import NIOCore

/// The write side of a ``ConnectionDispatcher``'s channel: when response bytes are flushed, and
/// the writer waiting for the channel to take more. Confined to the connection's event loop.
///
/// A fixed-length body is flushed once, at its end (or every ``flushThreshold`` bytes). A flush a
/// streamed body asks for is done once the event loop has run what is already queued on it, so
/// writes made meanwhile go out in the same `writev`: the last events of a stream with the
/// stream's end, a response head with its first bytes. Nothing waits longer than that.
final class ConnectionOutput {
    /// Bytes written without a flush are flushed at once when this many are waiting.
    static let flushThreshold = 64 * 1024

    private let eventLoop: any EventLoop
    /// Nil before the handler is added and once the connection ended.
    private var context: ChannelHandlerContext?
    /// Body bytes written since the last flush.
    private var unflushedBytes = 0
    /// A flush is due once the event loop has run what is queued on it.
    private var flushScheduled = false
    private var writabilityWaiter: UnsafeContinuation<Void, any Error>?

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func attach(_ context: ChannelHandlerContext) {
        self.context = context
    }

    /// The connection ended: a writer waiting for writability fails, later flushes do nothing.
    func detach() {
        context = nil
        if let waiter = writabilityWaiter {
            writabilityWaiter = nil
            waiter.resume(throwing: ChannelError.ioOnClosedChannel)
        }
    }

    /// Writes body bytes; returns whether the channel can take more without waiting.
    func writeBody(_ part: NIOAny, bytes: Int, flush: Bool, to context: ChannelHandlerContext) -> Bool {
        context.write(part, promise: nil)
        unflushedBytes += bytes
        if unflushedBytes >= Self.flushThreshold {
            flushNow(context)
        } else if flush {
            scheduleFlush()
        }
        return context.channel.isWritable
    }

    /// Writes a response's last part and flushes everything before it.
    func writeAndFlush(_ part: NIOAny, to context: ChannelHandlerContext) {
        unflushedBytes = 0
        context.writeAndFlush(part, promise: nil)
    }

    /// Flushes what was written (a response's end with nothing left to write).
    func flush(_ context: ChannelHandlerContext) {
        flushNow(context)
    }

    private func flushNow(_ context: ChannelHandlerContext) {
        unflushedBytes = 0
        context.flush()
    }

    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        eventLoop.execute {
            let output = bound.value
            output.flushScheduled = false
            guard output.unflushedBytes > 0, let context = output.context else { return }
            output.flushNow(context)
        }
    }

    /// Resumes `continuation` once the channel is writable again (or fails it once closed).
    func waitUntilWritable(_ continuation: UnsafeContinuation<Void, any Error>) {
        guard let context else {
            continuation.resume(throwing: ChannelError.ioOnClosedChannel)
            return
        }
        if context.channel.isWritable {
            continuation.resume()
        } else {
            writabilityWaiter = continuation
        }
    }

    func writabilityChanged(isWritable: Bool) {
        guard isWritable, let waiter = writabilityWaiter else { return }
        writabilityWaiter = nil
        waiter.resume()
    }
}
