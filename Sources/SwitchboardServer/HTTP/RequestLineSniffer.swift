import NIOCore

/// Notes, from the raw bytes before HTTP decoding, when a request starts arriving and which path
/// its request line names, so a request whose head never decodes (headers over the limit) or
/// never completes (a slowloris client) can still be answered in its endpoint's envelope.
///
/// Installed in front of the HTTP decoder; it forwards every byte untouched.
final class RequestLineSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let request: IncomingRequest

    init(request: IncomingRequest) {
        self.request = request
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { bytes in
            var rest = bytes[...]
            if request.phase == .idle {
                // Blank lines before a request line are allowed (RFC 9112, 2.2).
                rest = rest.drop { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }
                guard !rest.isEmpty else { return }
                request.startRequest()
            }
            request.collectRequestLine(rest)
        }
        context.fireChannelRead(data)
    }
}
