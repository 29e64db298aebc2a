import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// The gateway's HTTP/1.1 connections: Hummingbird's pipeline (decoder limits, idle timeout,
/// graceful-shutdown quiescing through `HTTPConnectionStateHandler`), with the requests served by
/// ``ConnectionDispatcher`` instead of Hummingbird's `NIOAsyncChannel` loop, and requests that
/// never reach the router answered in their endpoint's envelope (``IncompleteRequestResponder``).
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
            try operations.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
            try operations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try operations.addHandlers(configuration.additionalChannelHandlers())
            let idleTimeout = configuration.idleTimeout.map { Duration.nanoseconds($0.nanoseconds) }
            try operations.addHandler(HTTPConnectionStateHandler(idleTimeout: idleTimeout, logger: logger))
            try operations.addHandler(ConnectionDispatcher(responder: responder, relayGateway: relayGateway, logger: self.logger, eventLoop: channel.eventLoop))
            try IncompleteRequestResponder.install(on: channel)
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
