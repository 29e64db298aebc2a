import NIOCore
import NIOPosix
import NIOHTTP1
import Synchronization
import SwitchboardCore

/// A lean HTTP/1.1 client for `http://` upstreams (local and in-cluster servers, the benchmark's
/// mock): keep-alive connections pooled per event loop, the request written in one flush, no task
/// or actor per request, and the whole exchange on the caller's event loop. `https://` upstreams
/// go through AsyncHTTPClient.
final class PlainHTTP1Client: Sendable {
    struct Endpoint: Hashable, Sendable {
        let host: String
        let port: Int
        let path: String

        /// The `Host` header's value.
        var hostHeader: String { port == 80 ? host : "\(host):\(port)" }

        /// Parses `http://host[:port]/path`; nil for anything else.
        init?(url: String) {
            guard url.hasPrefix("http://") else { return nil }
            let rest = url.dropFirst("http://".count)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let authority = rest[rest.startIndex..<slash]
            path = slash == rest.endIndex ? "/" : String(rest[slash...])
            guard !authority.isEmpty, !authority.utf8.contains(UInt8(ascii: "@")), !authority.utf8.contains(UInt8(ascii: "[")) else { return nil }
            if let colon = authority.lastIndex(of: ":") {
                guard let port = Int(authority[authority.index(after: colon)...]), (1...65535).contains(port) else { return nil }
                host = String(authority[authority.startIndex..<colon])
                self.port = port
            } else {
                host = String(authority)
                port = 80
            }
        }
    }

    private struct PoolKey: Hashable {
        let host: String
        let port: Int
        let loop: ObjectIdentifier
    }

    /// A connection and the handler at the end of its pipeline.
    struct Connection: Sendable {
        let channel: any NIOCore.Channel
        let handler: PlainHTTP1ConnectionHandler
    }

    private let group: MultiThreadedEventLoopGroup = .singleton
    /// Idle keep-alive connections by host and event loop.
    private final class IdlePool: Sendable {
        let channels = Mutex<[PoolKey: [Connection]]>([:])
    }

    private let idle = IdlePool()
    private let timeouts: ChannelTimeouts
    private let maximumIdlePerLoop = 256

    init(timeouts: ChannelTimeouts) {
        self.timeouts = timeouts
    }

    /// Sends a request; returns once the response head arrived.
    func send(
        endpoint: Endpoint, method: HTTPMethod, headers: HTTPHeaders, body: [UInt8]?,
        firstByteDeadline: NIODeadline, totalDeadline: NIODeadline
    ) async throws -> (HTTPResponseHead, UpstreamExchange) {
        let eventLoop = group.any()
        var reused = false
        do {
            let (connection, wasPooled) = try await connection(to: endpoint, on: eventLoop)
            reused = wasPooled
            return try await exchange(on: connection, endpoint: endpoint, method: method, headers: headers, body: body,
                                      firstByteDeadline: firstByteDeadline, totalDeadline: totalDeadline)
        } catch UpstreamConnectionError.closedBeforeResponse where reused {
            // A pooled connection the server had closed: once more on a new connection.
            let connection = try await connect(to: endpoint, on: eventLoop)
            return try await exchange(on: connection, endpoint: endpoint, method: method, headers: headers, body: body,
                                      firstByteDeadline: firstByteDeadline, totalDeadline: totalDeadline)
        }
    }

    func shutdown() {
        let channels = idle.channels.withLock { pools in
            defer { pools.removeAll() }
            return pools.values.flatMap { $0 }
        }
        for connection in channels { connection.channel.close(promise: nil) }
    }

    private func exchange(
        on connection: Connection, endpoint: Endpoint, method: HTTPMethod, headers: HTTPHeaders, body: [UInt8]?,
        firstByteDeadline: NIODeadline, totalDeadline: NIODeadline
    ) async throws -> (HTTPResponseHead, UpstreamExchange) {
        let (channel, handler) = (connection.channel, connection.handler)
        let exchange = UpstreamExchange(
            resumeReading: {
                if channel.eventLoop.inEventLoop {
                    handler.resumeReading()
                } else {
                    channel.eventLoop.execute { handler.resumeReading() }
                }
            },
            abort: { error in channel.eventLoop.execute { handler.fail(error) } })
        let head = PlainHTTP1RequestHead(endpoint: endpoint, method: method, headers: headers)
        let start: @Sendable () -> Void = {
            Self.begin(exchange, on: connection, head: head, body: body, firstByteDeadline: firstByteDeadline, totalDeadline: totalDeadline)
        }
        // The request's task usually runs on the connection's own event loop (connection tasks are
        // bound to their loop, and the pool is per loop): then no hop is needed.
        if channel.eventLoop.inEventLoop {
            start()
        } else {
            try await channel.eventLoop.submit(start).get()
        }
        return (try await exchange.waitForHead(), exchange)
    }

    /// Starts an exchange on `connection` and writes its request in one flush (on the connection's
    /// event loop).
    static func begin(
        _ receiver: any UpstreamExchangeReceiving, on connection: Connection, head: PlainHTTP1RequestHead, body: [UInt8]?,
        firstByteDeadline: NIODeadline, totalDeadline: NIODeadline
    ) {
        connection.handler.begin(receiver, firstByteDeadline: firstByteDeadline, totalDeadline: totalDeadline)
        connection.handler.send(head, body: body)
    }

    private func connection(to endpoint: Endpoint, on eventLoop: any EventLoop) async throws -> (Connection, Bool) {
        if let connection = idleConnection(to: endpoint, on: eventLoop) { return (connection, true) }
        return (try await connect(to: endpoint, on: eventLoop), false)
    }

    /// A pooled keep-alive connection to `endpoint` on `eventLoop`, if one is waiting.
    func idleConnection(to endpoint: Endpoint, on eventLoop: any EventLoop) -> Connection? {
        let key = PoolKey(host: endpoint.host, port: endpoint.port, loop: ObjectIdentifier(eventLoop))
        while let connection = idle.channels.withLock({ $0[key]?.popLast() }) {
            if connection.channel.isActive { return connection }
        }
        return nil
    }

    private func connect(to endpoint: Endpoint, on eventLoop: any EventLoop) async throws -> Connection {
        try await connectFuture(to: endpoint, on: eventLoop).get()
    }

    /// A new connection to `endpoint` on `eventLoop` (the future completes on that loop).
    func connectFuture(to endpoint: Endpoint, on eventLoop: any EventLoop) -> EventLoopFuture<Connection> {
        let key = PoolKey(host: endpoint.host, port: endpoint.port, loop: ObjectIdentifier(eventLoop))
        let idleTimeout = TimeAmount.milliseconds(Int64(timeouts.idle * 1000))
        let maximumIdle = maximumIdlePerLoop
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(.milliseconds(Int64(timeouts.connect * 1000)))
            .channelInitializer { [idle] channel in
                channel.eventLoop.makeCompletedFuture {
                    // Requests are written as bytes by ``PlainHTTP1RequestWriter`` instead of NIO's
                    // encoder. Their headers are the gateway's own, the channel's (checked when the
                    // channel was made, ``Channel/checkHeaders(_:)``) and client headers that passed
                    // the server's parser, so they are not validated again per request.
                    let writer = PlainHTTP1RequestWriter()
                    let operations = channel.pipeline.syncOperations
                    try operations.addHandler(writer)
                    let decoder = HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)
                    try operations.addHandler(ByteToMessageHandler(decoder))
                    let handler = PlainHTTP1ConnectionHandler(
                        idleTimeout: idleTimeout, writer: writer, responseDecoder: decoder,
                        onReusable: { handler, channel in
                            let kept = idle.channels.withLock { pools -> Bool in
                                guard pools[key, default: []].count < maximumIdle else { return false }
                                pools[key, default: []].append(Connection(channel: channel, handler: handler))
                                return true
                            }
                            if !kept { channel.close(promise: nil) }
                        },
                        onClosed: { channel in
                            idle.channels.withLock { pools in pools[key]?.removeAll { $0.channel === channel } }
                        })
                    try operations.addHandler(handler)
                }
            }
        return bootstrap.connect(host: endpoint.host, port: endpoint.port).flatMapThrowing { channel in
            do {
                let handler = try channel.pipeline.syncOperations.handler(type: PlainHTTP1ConnectionHandler.self)
                return Connection(channel: channel, handler: handler)
            } catch {
                channel.close(promise: nil)
                throw error
            }
        }
    }
}
