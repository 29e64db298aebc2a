import NIOCore
import NIOHTTP1
import Synchronization

/// The handler at the end of a pooled plain-HTTP/1.1 upstream connection: it feeds response parts
/// to the connection's current ``UpstreamExchange``, holds reads back while the exchange's reader
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
    private var exchange: UpstreamExchange? {
        didSet {
            if exchange == nil {
                deadline?.cancel()
                deadline = nil
            }
        }
    }
    /// Fires when nothing was read for `idleTimeout` (see the type's description).
    private var idleTimer: Scheduled<Void>?
    private let idleTimeout: TimeAmount
    /// The current exchange's total-timeout timer, cancelled when the exchange ends.
    private var deadline: Scheduled<Void>?
    private var keepAlive = true
    private var readPending = false
    private var context: ChannelHandlerContext?
    private let onReusable: @Sendable (PlainHTTP1ConnectionHandler, any NIOCore.Channel) -> Void
    private let onClosed: @Sendable (any NIOCore.Channel) -> Void

    init(
        idleTimeout: TimeAmount, onReusable: @escaping @Sendable (PlainHTTP1ConnectionHandler, any NIOCore.Channel) -> Void,
        onClosed: @escaping @Sendable (any NIOCore.Channel) -> Void
    ) {
        self.idleTimeout = idleTimeout
        self.onReusable = onReusable
        self.onClosed = onClosed
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Starts an exchange on this connection (on the event loop).
    func begin(_ exchange: UpstreamExchange, deadline: NIODeadline) {
        self.exchange = exchange
        keepAlive = true
        stopIdleTimer()
        self.deadline = context?.eventLoop.scheduleTask(deadline: deadline) { [weak self] in
            self?.fail(GatewayUpstreamTimeout.total)
        }
    }

    /// The reader caught up: read again if a read was held back (on the event loop).
    func resumeReading() {
        guard readPending, let context else { return }
        readPending = false
        if exchange?.receivedHead == true { startIdleTimer(context) }
        context.read()
    }

    func read(context: ChannelHandlerContext) {
        if let exchange, exchange.shouldPauseReading {
            readPending = true
            stopIdleTimer()
            return
        }
        context.read()
    }

    private func startIdleTimer(_ context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = context.eventLoop.scheduleTask(in: idleTimeout) { [weak self] in
            guard let self else { return }
            self.idleTimer = nil
            // In an exchange: the upstream stopped sending. In the pool: the connection idled out.
            if self.exchange != nil { self.fail(GatewayUpstreamTimeout.idle) } else { self.context?.close(promise: nil) }
        }
    }

    private func stopIdleTimer() {
        idleTimer?.cancel()
        idleTimer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            keepAlive = head.isKeepAlive
            startIdleTimer(context)
            exchange.receive(head: head)
        case .body(let buffer):
            startIdleTimer(context)
            exchange.receive(part: buffer)
        case .end:
            self.exchange = nil
            exchange.finish(.success(()))
            if keepAlive {
                startIdleTimer(context)
                onReusable(self, context.channel)
            } else {
                stopIdleTimer()
                context.close(promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopIdleTimer()
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
