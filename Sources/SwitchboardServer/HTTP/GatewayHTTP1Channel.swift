import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// The gateway's HTTP/1.1 connections: NIO's request decoder (with Hummingbird's configured
/// limits), then ``ConnectionDispatcher``, which serves the requests instead of Hummingbird's
/// `NIOAsyncChannel` loop and writes the responses as bytes; ``RequestLineSniffer`` in front of
/// the decoder notes each request line, so a request whose head never decodes is still answered
/// in its endpoint's envelope. Hummingbird's `additionalChannelHandlers` are not installed: the
/// dispatcher is the pipeline's last handler and speaks bytes outbound.
struct GatewayHTTP1Channel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let channel: any Channel
    }

    let responder: ConnectionDispatcher.Responder
    /// Serves Chat Completions passthroughs on the event loop (``EventLoopChatRelay``); nil to turn it off.
    let relayGateway: Gateway?
    let configuration: HTTP1Channel.Configuration
    let logger: Logger

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = configuration.httpDecoder.maxHeaderFieldSize
            limits.maxHeaderListSize = configuration.httpDecoder.maxHeaderListSize
            limits.maxHeaderFieldCount = configuration.httpDecoder.maxHeaderFieldCount
            let operations = channel.pipeline.syncOperations
            let incoming = IncomingRequest()
            try operations.addHandler(RequestLineSniffer(request: incoming))
            try operations.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits)))
            try operations.addHandler(ConnectionDispatcher(
                responder: responder, relayGateway: relayGateway, incoming: incoming, idleTimeout: configuration.idleTimeout,
                logger: self.logger, eventLoop: channel.eventLoop))
            return Value(channel: channel)
        }
    }

    /// The connection lives in its handlers; this only waits for it to close.
    func handle(value: Value, logger: Logger) async {
        await withTaskCancellationHandler {
            try? await value.channel.closeFuture.get()
        } onCancel: {
            value.channel.close(mode: .input, promise: nil)
        }
    }
}
