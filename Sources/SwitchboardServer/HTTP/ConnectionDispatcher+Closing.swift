import HTTPTypes
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// How ``ConnectionDispatcher`` ends a connection: the idle timeout, and the requests that never
/// reach the router, answered in the envelope of the endpoint they were addressed to instead of
/// an empty `400` or a silent close:
///
/// - a head the HTTP decoder rejects: `431` (`request_header_fields_too_large`) for headers over
///   the limit, `400` (`invalid_request`) for bytes that are not HTTP/1.1;
/// - a request the connection closes half-way (the idle timeout on a slowloris client sending its
///   headers a byte at a time, a body that never finishes): `408` (`request_timeout`).
///
/// Once it has answered, the connection is closing and later responses to it are dropped.
extension ConnectionDispatcher {
    /// Closes the connection, answering first a request it would leave without a response.
    func closeConnection() {
        guard let context, !closed else { return }
        answerIfUnanswered()
        context.close(promise: nil)
    }

    func answerIfUnanswered() {
        guard incoming.isUnanswered else { return }
        answerIncomplete(GatewayError(
            .invalidRequest, "The request was not received in time: the connection sent nothing for too long.",
            status: 408, code: "request_timeout"))
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
    func answerIncomplete(_ error: GatewayError) {
        guard let context, !closed else { return }
        let bytes = envelopeResponse(error, allocator: context.channel.allocator)
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(bytes)), promise: nil)
        incoming.answered = true
        incoming.closing = true
    }

    /// A whole response of `error` in the envelope of the endpoint the request was addressed to,
    /// with a fresh `x-request-id` (the request never reached the router to get one), after which
    /// the connection closes.
    func envelopeResponse(_ error: GatewayError, allocator: ByteBufferAllocator) -> ByteBuffer {
        let body = JSON.serialize(incoming.envelope.body(for: error))
        var head = HTTP1ResponseHead(status: HTTPResponse.Status(code: error.status), allocator: allocator, capacity: 256 + body.count)
        head.add("content-type", "application/json")
        head.add("content-length", String(body.count))
        head.add("connection", "close")
        head.add("date", HTTPDateHeader.now)
        head.add("x-request-id", RandomIdentifier.makeTimeOrdered("req_"))
        return body.withUnsafeBytes { head.end(body: $0) }
    }

    /// Acts on what the idle rules decided: a check scheduled (one at a time), or the close.
    func scheduleIdleCheck(_ action: ConnectionIdleState.Action) {
        switch action {
        case .none:
            break
        case .close:
            closeConnection()
        case .checkAt(let deadline):
            guard idleCheck == nil, !closed else { return }
            let bound = NIOLoopBound(self, eventLoop: eventLoop)
            idleCheck = eventLoop.scheduleTask(deadline: deadline) {
                let dispatcher = bound.value
                dispatcher.idleCheck = nil
                dispatcher.scheduleIdleCheck(dispatcher.idle.check())
            }
        }
    }
}
