import NIOCore

/// Raises ``gone`` when the client of one connection goes away: its side is closed (the test
/// upstream's server allows half-closure, so a client's FIN arrives as `inputClosed`, not as the
/// end of the channel) or the connection ends. Passes everything through.
final class TestUpstreamConnectionWatch: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    let gone = TestUpstreamSignal()

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { gone.raise() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        gone.raise()
        context.fireChannelInactive()
    }
}
