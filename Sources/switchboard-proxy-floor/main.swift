// The floor under any Swift NIO gateway on this machine, for the benchmark (`bench/run.sh`): an
// HTTP/1.1 reverse proxy built from SwiftNIO's own parts and nothing else. Each client connection
// gets one keep-alive connection to the upstream on its own event loop; request and response parts
// are copied across as they arrive (every response body part flushed at once), with no routing,
// no JSON, no task, no key and no record. Whatever the gateway costs above this is its own; what
// this costs above nginx is the price of NIO's pipeline and HTTP/1.1 codec.
//
// Usage: switchboard-proxy-floor LISTEN-PORT UPSTREAM-PORT (both on 127.0.0.1).
import NIOCore
import NIOHTTP1
import NIOPosix

/// Relays one client connection's requests to its upstream connection and the answers back.
final class FloorProxyHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let upstreamAddress: SocketAddress
    private var context: ChannelHandlerContext?
    private var upstream: (any Channel)?
    private var connecting = false
    /// Request parts received before the upstream connection was up.
    private var waiting: [HTTPClientRequestPart] = []

    init(upstreamAddress: SocketAddress) {
        self.upstreamAddress = upstreamAddress
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            forward(.head(HTTPRequestHead(version: .http1_1, method: head.method, uri: head.uri, headers: head.headers)))
        case .body(let buffer):
            forward(.body(.byteBuffer(buffer)))
        case .end(let trailers):
            forward(.end(trailers))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        upstream?.close(promise: nil)
        upstream = nil
        self.context = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func forward(_ part: HTTPClientRequestPart) {
        guard let upstream else {
            waiting.append(part)
            connect()
            return
        }
        if case .end = part {
            upstream.writeAndFlush(part, promise: nil)
        } else {
            upstream.write(part, promise: nil)
        }
    }

    private func connect() {
        guard !connecting, let context else { return }
        connecting = true
        let eventLoop = context.eventLoop
        let proxy = NIOLoopBound(self, eventLoop: eventLoop)
        ClientBootstrap(group: eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(FloorUpstreamHandler(proxy: proxy.value))
                }
            }
            .connect(to: upstreamAddress)
            .whenComplete { result in
                let proxy = proxy.value
                proxy.connecting = false
                switch result {
                case .success(let channel):
                    proxy.upstream = channel
                    let parts = proxy.waiting
                    proxy.waiting = []
                    for part in parts { proxy.forward(part) }
                case .failure:
                    proxy.context?.close(promise: nil)
                }
            }
    }

    /// An upstream response part, written to the client as it came.
    fileprivate func relay(_ part: HTTPClientResponsePart) {
        guard let context else { return }
        switch part {
        case .head(let head):
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: head.status, headers: head.headers))), promise: nil)
        case .body(let buffer):
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        case .end(let trailers):
            context.writeAndFlush(wrapOutboundOut(.end(trailers)), promise: nil)
        }
    }

    fileprivate func upstreamClosed() {
        upstream = nil
        context?.close(promise: nil)
    }
}

/// Hands the upstream connection's response parts to the client connection it serves.
final class FloorUpstreamHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let proxy: FloorProxyHandler

    init(proxy: FloorProxyHandler) {
        self.proxy = proxy
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        proxy.relay(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        proxy.upstreamClosed()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let listenPort = Int(arguments[1]), let upstreamPort = Int(arguments[2]) else {
    print("usage: switchboard-proxy-floor LISTEN-PORT UPSTREAM-PORT")
    exit(2)
}
let upstreamAddress = try SocketAddress(ipAddress: "127.0.0.1", port: upstreamPort)
let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
let server = try await ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 256)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(FloorProxyHandler(upstreamAddress: upstreamAddress))
        }
    }
    .bind(host: "127.0.0.1", port: listenPort)
    .get()
print("switchboard-proxy-floor listening on 127.0.0.1:\(listenPort), upstream 127.0.0.1:\(upstreamPort)")
try await server.closeFuture.get()
