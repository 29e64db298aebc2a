public import NIOCore
public import NIOHTTP1
public import SwitchboardCore

/// Hears an ``EventLoopUpstreamExchange`` on the event loop it was started from: the response
/// head, each body part as it is read, and the end. Nothing is heard after ``EventLoopUpstreamExchange/cancel()``.
public protocol EventLoopUpstreamDelegate: AnyObject {
    func upstreamReceived(head: HTTPResponseHead)
    func upstreamReceived(part: ByteBuffer)
    /// The exchange is over: `failure` is nil when the response is complete, else why it is not
    /// (502 unreachable or cut, 504 timed out).
    func upstreamEnded(failure: GatewayError?)
    /// The delegate cannot take more now: the connection stops reading until
    /// ``EventLoopUpstreamExchange/resumeReading()``.
    var upstreamShouldPause: Bool { get }
}

/// One request to a plain-HTTP upstream, driven by callbacks on the event loop it was started
/// from: a pooled keep-alive connection of that loop (or a new one), the request written in one
/// flush, each part of the answer handed to the delegate as it is read — no task, continuation or
/// lock on the way, so a relay running on the client connection's own loop can pass the bytes on
/// in the same turn. Timeouts are the connection handler's (first byte, idle, total).
///
/// A pooled connection that the server had closed is replaced once, as the async client does.
/// Confined to its event loop (hence `@unchecked Sendable`: NIO's callbacks are typed `@Sendable`
/// but all run on that loop).
public final class EventLoopUpstreamExchange: UpstreamExchangeReceiving, @unchecked Sendable {
    private var delegate: (any EventLoopUpstreamDelegate)?
    private let client: PlainHTTP1Client
    private let endpoint: PlainHTTP1Client.Endpoint
    private let eventLoop: any EventLoop
    private let head: PlainHTTP1RequestHead
    private let body: [UInt8]
    private let firstByteDeadline: NIODeadline
    private let totalDeadline: NIODeadline
    private var connection: PlainHTTP1Client.Connection?
    /// The connection came from the pool (a close before the answer may be the server's idle close).
    private var reused = false
    private var ended = false
    private(set) var receivedHead = false

    init(
        client: PlainHTTP1Client, endpoint: PlainHTTP1Client.Endpoint, eventLoop: any EventLoop, head: PlainHTTP1RequestHead,
        body: [UInt8], firstByteDeadline: NIODeadline, totalDeadline: NIODeadline, delegate: any EventLoopUpstreamDelegate
    ) {
        self.client = client
        self.endpoint = endpoint
        self.eventLoop = eventLoop
        self.head = head
        self.body = body
        self.firstByteDeadline = firstByteDeadline
        self.totalDeadline = totalDeadline
        self.delegate = delegate
    }

    /// Sends the request (on the event loop). The delegate may hear the end before this returns
    /// (a pooled connection found closed, a connection refused at once).
    public func start() {
        if let pooled = client.idleConnection(to: endpoint, on: eventLoop) {
            reused = true
            begin(on: pooled)
        } else {
            connect()
        }
    }

    private func connect() {
        client.connectFuture(to: endpoint, on: eventLoop).whenComplete { result in
            switch result {
            case .success(let connection):
                if self.ended {
                    connection.channel.close(promise: nil)
                } else {
                    self.begin(on: connection)
                }
            case .failure(let error):
                self.end(.failure(error))
            }
        }
    }

    private func begin(on connection: PlainHTTP1Client.Connection) {
        self.connection = connection
        PlainHTTP1Client.begin(
            self, on: connection, head: head, body: body, firstByteDeadline: firstByteDeadline, totalDeadline: totalDeadline)
    }

    /// The delegate caught up: the connection reads again if it had stopped.
    public func resumeReading() {
        connection?.handler.resumeReading()
    }

    /// Abandons the exchange: the connection is closed (its request cannot be taken back), the
    /// delegate hears nothing more.
    public func cancel() {
        guard !ended else { return }
        ended = true
        delegate = nil
        connection?.handler.fail(CancellationError())
        connection = nil
    }

    // MARK: From the connection handler

    var shouldPauseReading: Bool { delegate?.upstreamShouldPause ?? false }

    func receive(head: HTTPResponseHead) {
        receivedHead = true
        delegate?.upstreamReceived(head: head)
    }

    func receive(part: ByteBuffer) {
        delegate?.upstreamReceived(part: part)
    }

    func finish(_ ending: Result<Void, any Error>) {
        guard !ended else { return }
        if case .failure(let error) = ending, reused, !receivedHead,
           let closed = error as? UpstreamConnectionError, closed == .closedBeforeResponse {
            // A pooled connection the server had closed: once more on a new connection.
            reused = false
            connection = nil
            connect()
            return
        }
        end(ending)
    }

    private func end(_ ending: Result<Void, any Error>) {
        guard !ended else { return }
        ended = true
        connection = nil
        let delegate = self.delegate
        self.delegate = nil
        switch ending {
        case .success: delegate?.upstreamEnded(failure: nil)
        case .failure(let error): delegate?.upstreamEnded(failure: UpstreamTransport.gatewayError(for: error))
        }
    }
}

extension UpstreamTransport {
    /// A request to `endpoint`, to be started on `eventLoop` (``EventLoopUpstreamExchange/start()``,
    /// on that loop), its answer heard by `delegate` there. Its timeouts count from now.
    func exchangeOnEventLoop(
        endpoint: PlainHTTP1Client.Endpoint, head: PlainHTTP1RequestHead, body: [UInt8], eventLoop: any EventLoop,
        delegate: any EventLoopUpstreamDelegate
    ) -> EventLoopUpstreamExchange {
        let started = NIODeadline.now()
        return EventLoopUpstreamExchange(
            client: plainClient, endpoint: endpoint, eventLoop: eventLoop, head: head, body: body,
            firstByteDeadline: started + .milliseconds(Int64(timeouts.firstByte * 1000)),
            totalDeadline: started + .milliseconds(Int64(timeouts.total * 1000)), delegate: delegate)
    }
}

extension WireUpstream {
    /// A post of `body` to `/chat/completions`, to be started on `eventLoop`; nil unless the
    /// upstream is plain `http://` (``postsChatCompletionsOnEventLoop``).
    public func chatCompletionsOnEventLoop(
        body: [UInt8], stream: Bool, eventLoop: any EventLoop, delegate: any EventLoopUpstreamDelegate
    ) -> EventLoopUpstreamExchange? {
        guard let endpoint = chatCompletionsEndpoint, let heads = chatCompletionsHeads else { return nil }
        return transport.exchangeOnEventLoop(
            endpoint: endpoint, head: stream ? heads.stream : heads.json, body: body,
            eventLoop: eventLoop, delegate: delegate)
    }
}
