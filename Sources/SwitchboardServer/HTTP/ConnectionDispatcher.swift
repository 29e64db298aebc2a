import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Serves the requests of one HTTP/1.1 connection, as the one handler after NIO's request
/// decoder: turns the decoded parts into requests, runs each through the router in a task bound
/// to the connection's event loop, and writes the responses as HTTP/1.1 bytes itself.
///
/// Hummingbird's own connection loop reads parts and writes responses through `NIOAsyncChannel`'s
/// async sequence and writer, a lock and a continuation per part each way; on a relay that does
/// little else, that bridge was the largest single cost. The handlers that stood between the
/// decoder and this one (HTTPTypes' conversion, Hummingbird's connection state, the disconnect
/// observer, the answer to incomplete requests) and NIO's response encoder after it cost a hop,
/// a dynamic cast and often a conversion per part each way: what they did is done here
/// (``ConnectionIdleState``, ``HTTP1ResponseHead``, ``IncomingRequest``), and a request is only
/// converted to HTTPTypes when it goes to the router. See BENCHMARKS.md.
///
/// A body of known, modest size is received whole before the request is dispatched, larger ones
/// are streamed with back pressure (``StreamedRequestBody``), and response bytes go out with one
/// `write` each (when they are flushed is ``ConnectionOutput``'s part). A `POST
/// /v1/chat/completions` received whole is first offered to ``EventLoopChatRelay``, which serves
/// passthrough requests on this event loop without a task, and writes through the same methods.
///
/// Pipelined requests wait in order until the response before them ended; the socket is not read
/// meanwhile. Confined to the connection's event loop: the request task reaches it through
/// ``DispatchedResponse``.
final class ConnectionDispatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData
    typealias Responder = RouterResponder<SwitchboardRequestContext>

    /// Bodies up to this size (by their `Content-Length`) are received whole before dispatch.
    static let heldBodyLimit = 1 << 20

    /// Where the current request's body stands.
    enum Body {
        /// Between requests.
        case none
        /// A small body being received before dispatch.
        case holding(HTTPRequestHead, ByteBuffer?)
        /// Dispatched; the body goes to the handler as it arrives.
        case streaming(StreamedRequestBody.Producer.Source)
        /// Dispatched; the handler no longer reads the body, so the rest is read and dropped.
        case dropping
        /// The whole request was read.
        case received
    }

    let responder: Responder
    /// Serves Chat Completions passthroughs on the event loop (nil when turned off).
    let relayGateway: Gateway?
    /// The event-loop relay answering the current request, if one does.
    var activeRelay: EventLoopChatRelay?
    let logger: Logger
    let eventLoop: any EventLoop
    /// Runs the connection's request tasks on its event loop.
    let executor: EventLoopTaskExecutor
    /// What is known of the request being received, shared with ``RequestLineSniffer``: what to
    /// answer a request that never completes.
    let incoming: IncomingRequest
    /// Tells the request tasks' streams when the client goes away.
    let disconnect = ClientDisconnectObserver()
    var idle: ConnectionIdleState
    var idleCheck: Scheduled<Void>?
    private(set) var context: ChannelHandlerContext?
    var body = Body.none
    /// A dispatched request's response has not ended yet.
    var responding = false
    /// Identifies the current request's response, so a late call from an earlier one is refused.
    var generation = 0
    /// How the current response's body is framed, once its head is written.
    var framing = HTTP1BodyFraming.contentLength
    /// The current request is a `HEAD`: its response's body is not sent.
    var suppressesBody = false
    /// The current request is a `CONNECT`.
    var respondsToConnect = false
    /// Parts of pipelined requests received while an earlier response was being written.
    var queued = CircularBuffer<HTTPServerRequestPart>()
    var bodyBackPressure = false
    var readPending = false
    var closeAfterResponse = false
    var inputClosed = false
    var closed = false
    /// When response bytes are flushed; who waits for writability.
    let output: ConnectionOutput

    init(responder: Responder, relayGateway: Gateway?, incoming: IncomingRequest, idleTimeout: TimeAmount?, logger: Logger, eventLoop: any EventLoop) {
        self.responder = responder
        self.relayGateway = relayGateway
        self.incoming = incoming
        self.logger = logger
        self.eventLoop = eventLoop
        idle = ConnectionIdleState(idleTimeout: idleTimeout)
        executor = EventLoopTaskExecutor(eventLoop)
        output = ConnectionOutput(eventLoop: eventLoop)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        output.attach(context)
        if context.channel.isActive { scheduleIdleCheck(idle.activated()) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        connectionEnded()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        scheduleIdleCheck(idle.activated())
        context.fireChannelActive()
    }

    // MARK: Reading requests

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            idle.received(head: true)
            if incoming.phase != .head { incoming.startRequest() }
            incoming.phase = .body
            incoming.target = head.uri
        case .body:
            idle.received()
        case .end:
            idle.received(end: true)
            incoming.phase = .idle
        }
        if !queued.isEmpty || (responding && isBetweenRequests) {
            queued.append(part)
        } else {
            process(part)
        }
    }

    var isBetweenRequests: Bool {
        switch body {
        case .none, .received: true
        case .holding, .streaming, .dropping: false
        }
    }

    func process(_ part: HTTPServerRequestPart) {
        switch part {
        case .head(let head):
            guard case .none = body else { return }
            if Self.holdsBody(head) {
                body = .holding(head, nil)
            } else {
                dispatchStreaming(head)
            }
        case .body(let buffer):
            switch body {
            case .holding(let head, var held):
                body = .none
                if held == nil { held = buffer } else { held!.writeImmutableBuffer(buffer) }
                body = .holding(head, held)
            case .streaming(let source):
                if source.yield(buffer) == .stopProducing { bodyBackPressure = true }
            case .none, .dropping, .received:
                break
            }
        case .end:
            switch body {
            case .holding(let head, let held):
                body = .received
                dispatchHeld(head, body: held ?? ByteBuffer())
            case .streaming(let source):
                // The body is all here: its handler's pace no longer holds the socket (a request
                // after it waits in the queue while this one is answered).
                body = .received
                bodyBackPressure = false
                source.finish()
                resumeReadingIfPending()
            case .dropping:
                body = .received
                if !responding { nextRequest() }
            case .none, .received:
                break
            }
        }
    }

    /// A request without a body, or with one of known, modest length, is dispatched once whole.
    static func holdsBody(_ head: HTTPRequestHead) -> Bool {
        if let length = head.headers.first(name: "content-length").flatMap({ Int($0) }) { return length <= heldBodyLimit }
        return !head.headers.contains(name: "transfer-encoding")
    }

    /// Dispatches a request whose body is still arriving; `prefix` is what arrived of it.
    func dispatchStreaming(_ head: HTTPRequestHead, prefix: ByteBuffer? = nil, failure: (any Error)? = nil) {
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let (sequence, source) = StreamedRequestBody.make(delegate: .init(
            eventLoop: eventLoop,
            produceMoreOnLoop: { bound.value.bodyWantsMore() },
            didTerminateOnLoop: { bound.value.bodyAbandoned() }))
        if let prefix { _ = source.yield(prefix) }
        if let failure {
            body = .received
            source.finish(failure)
        } else {
            body = .streaming(source)
            bodyBackPressure = false
        }
        let generation = beginResponse(head)
        guard let request = convert(head, generation: generation) else { return }
        startTask(request, body: RequestBody(asyncSequence: sequence), generation: generation)
    }

    private func bodyWantsMore() {
        bodyBackPressure = false
        resumeReadingIfPending()
    }

    /// The handler stopped reading a body it had not read to its end.
    private func bodyAbandoned() {
        guard case .streaming = body else { return }
        body = .dropping
        bodyBackPressure = false
        resumeReadingIfPending()
    }

    /// A response begins: later calls for an earlier one are refused from now on.
    func beginResponse(_ head: HTTPRequestHead) -> Int {
        responding = true
        generation &+= 1
        suppressesBody = head.method == .HEAD
        respondsToConnect = head.method == .CONNECT
        for value in head.headers[canonicalForm: "connection"] where value.lowercased() == "close" {
            closeAfterResponse = true
        }
        return generation
    }

    // MARK: Back pressure on reads

    /// The socket is not read while a streamed body's handler is behind, or while requests wait
    /// in the queue. Worked out from the state each time, so a pause cannot outlive its body.
    private var holdsReads: Bool {
        if !queued.isEmpty { return true }
        if case .streaming = body { return bodyBackPressure }
        return false
    }

    func read(context: ChannelHandlerContext) {
        if holdsReads {
            readPending = true
        } else {
            context.read()
        }
    }

    func resumeReadingIfPending() {
        guard readPending, !holdsReads, let context else { return }
        readPending = false
        context.read()
    }

    func nextRequest() {
        body = .none
        bodyBackPressure = false
        while !responding, let part = queued.popFirst() {
            process(part)
        }
        resumeReadingIfPending()
    }

    // MARK: Connection events

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        output.writabilityChanged(isWritable: context.channel.isWritable)
        if context.channel.isWritable { activeRelay?.clientWritable() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        connectionEnded()
        context.fireChannelInactive()
    }

    /// The connection closed (seen as inactive, or as this handler's removal). Idempotent.
    private func connectionEnded() {
        closed = true
        idle.deactivated()
        idleCheck?.cancel()
        idleCheck = nil
        disconnect.markClosed()
        output.detach()
        if let relay = activeRelay {
            activeRelay = nil
            relay.clientWentAway()
        }
        if case .streaming(let source) = body { source.finish(ClientWentAway()) }
        body = .none
        queued.removeAll()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            if idle.quiesce() == .close { closeConnection() }
            return
        }
        if let event = event as? ChannelEvent, event == .inputClosed {
            inputClosed = true
            disconnect.markClosed()
            switch body {
            case .streaming(let source):
                source.finish(ClientWentAway())
                body = .received
                closeAfterResponse = true
            case .holding:
                closeConnection()
            case .none, .dropping, .received:
                if !responding { closeConnection() }
                activeRelay?.clientClosedInput()
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else {
            closeConnection()
            return
        }
        // Bytes that are not HTTP/1.1: a broken head is answered here, in its endpoint's
        // envelope; a broken body by the handler reading it. The connection ends either way.
        // A connection closed in the middle of a body is the client leaving, not bad HTTP.
        if incoming.phase == .head, incoming.isUnanswered {
            answerIncomplete(Self.gatewayError(for: parseError))
        }
        closeAfterResponse = true
        let bodyError: any Error = parseError == .invalidEOFState ? ClientWentAway() : error
        switch body {
        case .holding(let head, let held):
            dispatchStreaming(head, prefix: held, failure: bodyError)
        case .streaming(let source):
            body = .received
            source.finish(bodyError)
        case .none, .dropping, .received:
            if !responding { closeConnection() }
        }
    }

    /// A close asked of the channel from outside (its last handler is this one).
    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode == .all { answerIfUnanswered() }
        context.close(mode: mode, promise: promise)
    }
}
