import NIOCore

/// The first handler of an upstream connection's pipeline, in the place of NIO's request
/// encoder: it writes each request as the bytes ``PlainHTTP1RequestHead`` made of it, in one
/// flush.
///
/// The response decoder after it must still see each request's head (it frames a response by its
/// request's method: none for `HEAD`): ``PlainHTTP1ConnectionHandler`` shows it to the decoder
/// directly, and writes nothing through the pipeline.
final class PlainHTTP1RequestWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Writes and flushes a whole request. False when the connection is gone.
    func send(_ request: ByteBuffer) -> Bool {
        guard let context else { return false }
        context.writeAndFlush(wrapOutboundOut(request), promise: nil)
        return true
    }
}
