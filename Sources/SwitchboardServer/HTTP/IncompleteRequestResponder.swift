import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Answers the requests that never reach the router, in the envelope of the endpoint they were
/// addressed to, instead of an empty `400` or a silent close:
///
/// - a head the HTTP decoder rejects: `431` (`request_header_fields_too_large`) for headers over
///   the limit, `400` (`invalid_request`) for bytes that are not HTTP/1.1;
/// - a request the connection's idle timeout closes half-way (a slowloris client sending its
///   headers a byte at a time, a body that never finishes): `408` (`request_timeout`).
///
/// Installed right after the HTTP decoder, with ``RequestLineSniffer`` in front of it. Once it
/// has answered, the connection is closing and later responses to it are dropped.
final class IncompleteRequestResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let request: IncomingRequest

    init(request: IncomingRequest) {
        self.request = request
    }

    /// Installs the sniffer in front of the channel's HTTP decoder and the responder after it.
    static func install(on channel: any Channel) throws {
        let operations = channel.pipeline.syncOperations
        let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
        let request = IncomingRequest()
        try operations.addHandler(RequestLineSniffer(request: request), position: .before(decoder))
        try operations.addHandler(IncompleteRequestResponder(request: request), position: .after(decoder))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if request.phase != .head { request.startRequest() }
            request.phase = .body
            request.target = head.uri
        case .body:
            break
        case .end:
            request.phase = .idle
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !request.closing else {
            promise?.succeed(())
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.code >= 200:
            request.responding = true
            request.answered = true
        case .end:
            request.responding = false
        default:
            break
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A parse error in a body reaches the handler reading it, which answers in its envelope.
        if let parseError = error as? HTTPParserError, request.phase == .head, request.isUnanswered {
            answer(context, Self.gatewayError(for: parseError))
        }
        context.fireErrorCaught(error)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode == .all, request.isUnanswered {
            answer(context, GatewayError(
                .invalidRequest, "The request was not received in time: the connection sent nothing for too long.",
                status: 408, code: "request_timeout"))
        }
        context.close(mode: mode, promise: promise)
    }

    static func gatewayError(for error: HTTPParserError) -> GatewayError {
        switch error {
        case .headerOverflow:
            GatewayError(
                .invalidRequest, "The request's headers are larger than this gateway accepts.",
                status: 431, code: "request_header_fields_too_large")
        default:
            GatewayError(.invalidRequest, "The request is not valid HTTP/1.1 (\(error)).")
        }
    }

    /// Writes `error` as the whole response, asks the client to close, and drops later responses.
    private func answer(_ context: ChannelHandlerContext, _ error: GatewayError) {
        let body = JSON.serialize(request.envelope.body(for: error))
        let headers = HTTPHeaders([
            ("content-type", "application/json"), ("content-length", String(body.count)), ("connection", "close"),
            ("x-request-id", RandomIdentifier.makeTimeOrdered("req_")),
        ])
        let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: error.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        request.answered = true
        request.closing = true
    }
}
