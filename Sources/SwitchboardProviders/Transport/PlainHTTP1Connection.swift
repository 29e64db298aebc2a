import NIOCore
import NIOHTTP1
import Synchronization

/// The handler at the end of a pooled plain-HTTP/1.1 upstream connection: it feeds response parts
/// to the connection's current exchange (``UpstreamExchangeReceiving``), holds reads back while the exchange's reader
/// is behind, and returns the connection to its pool when a keep-alive response is complete.
///
/// It also keeps the idle timeout: between two reads of a response (after its head; before it the
/// first-byte timeout rules), and while the connection waits in the pool (it is closed then). The
/// clock restarts when an exchange begins and stops while reads are held back for a slow reader,
/// so neither time spent in the pool nor the client's own slowness counts against the upstream.
final class PlainHTTP1ConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    // Touched only on the channel's event loop.
    private var exchange: (any UpstreamExchangeReceiving)? {
        didSet {
            if exchange == nil {
                firstByteDeadline = nil
                totalDeadline = nil
            }
        }
    }
    private let idleTimeout: TimeAmount
    // The connection's deadlines. One timer serves them all and is re-armed when it fires before
    // the nearest one (``timerFired()``): the activity of a read only moves a deadline, instead of
    // cancelling and scheduling a timer several times per request.
    /// Nothing read for `idleTimeout` (see the type's description); nil while the clock is stopped.
    private var idleDeadline: NIODeadline?
    /// The response head must arrive by then; nil once it did.
    private var firstByteDeadline: NIODeadline?
    /// The whole exchange must end by then.
    private var totalDeadline: NIODeadline?
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    private var keepAlive = true
    private var readPending = false
    private var context: ChannelHandlerContext?
    private let onReusable: @Sendable (PlainHTTP1ConnectionHandler, any NIOCore.Channel) -> Void
    private let onClosed: @Sendable (any NIOCore.Channel) -> Void
    /// Writes the request bytes, at the pipeline's head.
    private let writer: PlainHTTP1RequestWriter
    /// The pipeline's response decoder (a class, shared with its `ByteToMessageHandler`), told of
    /// each request's head directly: it frames a response by its request's method.
    private let responseDecoder: HTTPResponseDecoder

    init(
        idleTimeout: TimeAmount, writer: PlainHTTP1RequestWriter, responseDecoder: HTTPResponseDecoder,
        onReusable: @escaping @Sendable (PlainHTTP1ConnectionHandler, any NIOCore.Channel) -> Void,
        onClosed: @escaping @Sendable (any NIOCore.Channel) -> Void
    ) {
        self.idleTimeout = idleTimeout
        self.writer = writer
        self.responseDecoder = responseDecoder
        self.onReusable = onReusable
        self.onClosed = onClosed
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Starts an exchange on this connection (on the event loop).
    func begin(_ exchange: any UpstreamExchangeReceiving, firstByteDeadline: NIODeadline, totalDeadline: NIODeadline) {
        self.exchange = exchange
        keepAlive = true
        idleDeadline = nil
        self.firstByteDeadline = firstByteDeadline
        self.totalDeadline = totalDeadline
        armTimer()
        // A read held back for the previous exchange's reader is not this one's to wait for.
        if readPending, let context {
            readPending = false
            context.read()
        }
    }

    /// Writes the current exchange's request in one flush: its head shown to the response decoder
    /// (which frames the response by it) as the decoder's handler would on a write through the
    /// pipeline, without the trip through it, and its bytes through the writer. A connection
    /// found closed fails the exchange as one the server closed before answering.
    func send(_ head: PlainHTTP1RequestHead, body: [UInt8]?) {
        guard let context else {
            fail(UpstreamConnectionError.closedBeforeResponse)
            return
        }
        responseDecoder.write(data: .head(head.observed))
        if !writer.send(head.request(body: body, allocator: context.channel.allocator)) {
            fail(UpstreamConnectionError.closedBeforeResponse)
        }
    }

    /// The reader caught up: read again if a read was held back (on the event loop).
    func resumeReading() {
        guard readPending, let context else { return }
        readPending = false
        if exchange?.receivedHead == true { restartIdleClock() }
        context.read()
    }

    func read(context: ChannelHandlerContext) {
        if let exchange, exchange.shouldPauseReading {
            readPending = true
            idleDeadline = nil
            return
        }
        context.read()
    }

    private func restartIdleClock() {
        idleDeadline = .now() + idleTimeout
        armTimer()
    }

    /// Makes sure the timer fires no later than the nearest deadline.
    private func armTimer() {
        guard let next = nearestDeadline, let context else { return }
        if let armed = timerDeadline, armed <= next { return }
        timer?.cancel()
        timerDeadline = next
        timer = context.eventLoop.scheduleTask(deadline: next) { [weak self] in self?.timerFired() }
    }

    private var nearestDeadline: NIODeadline? {
        func earlier(_ first: NIODeadline?, _ second: NIODeadline?) -> NIODeadline? {
            guard let first else { return second }
            guard let second else { return first }
            return min(first, second)
        }
        return earlier(idleDeadline, earlier(firstByteDeadline, totalDeadline))
    }

    private func timerFired() {
        timer = nil
        timerDeadline = nil
        let now = NIODeadline.now()
        if let totalDeadline, totalDeadline <= now {
            fail(GatewayUpstreamTimeout.total)
        } else if let firstByteDeadline, firstByteDeadline <= now {
            fail(GatewayUpstreamTimeout.firstByte)
        } else if let idleDeadline, idleDeadline <= now {
            // In an exchange: the upstream stopped sending. In the pool: the connection idled out.
            if exchange != nil { fail(GatewayUpstreamTimeout.idle) } else { context?.close(promise: nil) }
        } else {
            armTimer()
        }
    }

    private func stopTimer() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            keepAlive = head.isKeepAlive
            firstByteDeadline = nil
            restartIdleClock()
            exchange.receive(head: head)
        case .body(let buffer):
            restartIdleClock()
            exchange.receive(part: buffer)
        case .end:
            self.exchange = nil
            exchange.finish(.success(()))
            if keepAlive {
                restartIdleClock()
                onReusable(self, context.channel)
            } else {
                idleDeadline = nil
                stopTimer()
                context.close(promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimer()
        onClosed(context.channel)
        if let exchange {
            self.exchange = nil
            exchange.finish(.failure(exchange.receivedHead ? UpstreamConnectionError.closedMidResponse : UpstreamConnectionError.closedBeforeResponse))
        }
        context.fireChannelInactive()
    }

    /// Ends the current exchange with `error` and closes the connection (on the event loop).
    func fail(_ error: any Error, context: ChannelHandlerContext? = nil) {
        if let exchange {
            self.exchange = nil
            exchange.finish(.failure(error))
        }
        (context ?? self.context)?.close(promise: nil)
    }
}

/// Why an upstream exchange timed out.
enum GatewayUpstreamTimeout: Error, Sendable {
    case firstByte
    case idle
    case total
}
