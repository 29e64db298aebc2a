import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import SwitchboardCore

/// Serves the requests of one HTTP/1.1 connection: turns its decoded parts into requests, runs
/// each through the router in a task bound to the connection's event loop, and writes the
/// response straight to the channel.
///
/// Hummingbird's own connection loop reads parts and writes responses through `NIOAsyncChannel`'s
/// async sequence and writer, a lock and a continuation per part each way; on a relay that does
/// little else, that bridge was the largest single cost (see BENCHMARKS.md). Here a body of known,
/// modest size is received whole before the request is dispatched, larger ones are streamed with
/// back pressure (``StreamedRequestBody``), and response bytes go out with one `write` each
/// (when they are flushed is ``ConnectionOutput``'s part).
///
/// A `POST /v1/chat/completions` received whole is first offered to ``EventLoopChatRelay``, which
/// serves passthrough requests on this event loop without a task, and writes through the same
/// methods.
///
/// Pipelined requests wait in order until the response before them ended; the socket is not read
/// meanwhile. Confined to the connection's event loop: the request task reaches it through
/// ``DispatchedResponse``.
final class ConnectionDispatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart
    typealias Responder = RouterResponder<SwitchboardRequestContext>

    /// Bodies up to this size (by their `Content-Length`) are received whole before dispatch.
    static let heldBodyLimit = 1 << 20

    /// Where the current request's body stands.
    private enum Body {
        /// Between requests.
        case none
        /// A small body being received before dispatch.
        case holding(HTTPRequest, ByteBuffer?)
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
    private(set) var context: ChannelHandlerContext?
    private var body = Body.none
    /// A dispatched request's response has not ended yet.
    private var responding = false
    /// Identifies the current request's response, so a late call from an earlier one is refused.
    private var generation = 0
    /// Parts of pipelined requests received while an earlier response was being written.
    private var queued = CircularBuffer<HTTPRequestPart>()
    private var bodyBackPressure = false
    private var readPending = false
    private var closeAfterResponse = false
    private var inputClosed = false
    private var closed = false
    /// When response bytes are flushed; who waits for writability.
    private let output: ConnectionOutput

    init(responder: Responder, relayGateway: Gateway?, logger: Logger, eventLoop: any EventLoop) {
        self.responder = responder
        self.relayGateway = relayGateway
        self.logger = logger
        self.eventLoop = eventLoop
        executor = EventLoopTaskExecutor(eventLoop)
        output = ConnectionOutput(eventLoop: eventLoop)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        output.attach(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        connectionEnded()
        self.context = nil
    }

    // MARK: Reading requests

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if !queued.isEmpty || (responding && isBetweenRequests) {
            queued.append(part)
        } else {
            process(part)
        }
    }

    private var isBetweenRequests: Bool {
        switch body {
        case .none, .received: true
        case .holding, .streaming, .dropping: false
        }
    }

    private func process(_ part: HTTPRequestPart) {
        switch part {
        case .head(let head):
            guard case .none = body else { return }
            if Self.holdsBody(head) {
                body = .holding(head, nil)
            } else {
                let source = dispatchStreaming(head)
                body = .streaming(source)
                bodyBackPressure = false
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
    static func holdsBody(_ head: HTTPRequest) -> Bool {
        if let length = head.headerFields.firstValue(.contentLength).flatMap({ Int($0) }) { return length <= heldBodyLimit }
        return !head.headerFields.contains(.transferEncoding)
    }

    private func dispatchStreaming(_ head: HTTPRequest, prefix: ByteBuffer? = nil) -> StreamedRequestBody.Producer.Source {
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let (sequence, source) = StreamedRequestBody.make(delegate: .init(
            eventLoop: eventLoop,
            produceMoreOnLoop: { bound.value.bodyWantsMore() },
            didTerminateOnLoop: { bound.value.bodyAbandoned() }))
        if let prefix { _ = source.yield(prefix) }
        if context != nil { startTask(head, body: RequestBody(asyncSequence: sequence), generation: beginResponse(head)) }
        return source
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
    func beginResponse(_ head: HTTPRequest) -> Int {
        responding = true
        generation &+= 1
        for field in head.headerFields where field.name == .connection && field.value.lowercased().contains("close") {
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

    private func resumeReadingIfPending() {
        guard readPending, !holdsReads, let context else { return }
        readPending = false
        context.read()
    }

    // MARK: Writing responses (called by ``DispatchedResponse`` on the event loop)

    func writeHead(_ head: HTTPResponse, generation: Int) throws {
        try current(generation).write(wrapOutboundOut(.head(head)), promise: nil)
    }

    /// Writes body bytes; returns whether the channel can take more without waiting.
    func writeBody(_ buffer: ByteBuffer, flush: Bool, generation: Int) throws -> Bool {
        output.writeBody(wrapOutboundOut(.body(buffer)), bytes: buffer.readableBytes, flush: flush, to: try current(generation))
    }

    /// Resumes `continuation` once the channel is writable again (or closed).
    func waitUntilWritable(_ continuation: UnsafeContinuation<Void, any Error>) {
        output.waitUntilWritable(continuation)
    }

    func finish(_ trailers: HTTPFields?, generation: Int) throws {
        output.writeAndFlush(wrapOutboundOut(.end(trailers)), to: try current(generation))
        responseEnded()
    }

    /// Ends a response its body never finished.
    func finishIfOpen(generation: Int) {
        guard responding, generation == self.generation, !closed else { return }
        try? finish(nil, generation: generation)
    }

    /// A response failed half-way (its body threw, or the client went away): the connection
    /// cannot carry another response after it.
    func abandon(generation: Int) {
        guard responding, generation == self.generation else { return }
        responding = false
        context?.close(promise: nil)
    }

    /// The channel's context, for writing the current response.
    private func current(_ generation: Int) throws -> ChannelHandlerContext {
        guard !closed, let context else { throw ChannelError.ioOnClosedChannel }
        guard responding, generation == self.generation else { throw ChannelError.inappropriateOperationForState }
        return context
    }

    private func responseEnded() {
        responding = false
        if closeAfterResponse || (inputClosed && queued.isEmpty && isBetweenRequests) {
            context?.close(promise: nil)
            return
        }
        switch body {
        case .received:
            nextRequest()
        case .streaming(let source):
            // Answered before the whole body arrived (413, an early error): the rest is dropped.
            source.finish()
            body = .dropping
            bodyBackPressure = false
            resumeReadingIfPending()
        case .none, .holding, .dropping:
            break
        }
    }

    private func nextRequest() {
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

    /// The connection closed (seen as inactive, or as this handler's removal: Hummingbird's state
    /// handler in front does not pass `channelInactive` on). Idempotent.
    private func connectionEnded() {
        closed = true
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
        if let event = event as? ChannelEvent, event == .inputClosed {
            inputClosed = true
            switch body {
            case .streaming(let source):
                source.finish(ClientWentAway())
                body = .received
                closeAfterResponse = true
            case .holding:
                context.close(promise: nil)
            case .none, .dropping, .received:
                if !responding { context.close(promise: nil) }
                activeRelay?.clientClosedInput()
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.close(promise: nil)
            return
        }
        // Bytes that are not HTTP/1.1: the request being received is answered by its handler (a
        // broken body) or by ``IncompleteRequestResponder`` (a broken head); the connection ends.
        // A connection closed in the middle of a body is the client leaving, not bad HTTP.
        closeAfterResponse = true
        let bodyError: any Error = (error as? HTTPParserError) == .invalidEOFState ? ClientWentAway() : error
        switch body {
        case .holding(let head, let held):
            body = .received
            let source = dispatchStreaming(head, prefix: held)
            source.finish(bodyError)
        case .streaming(let source):
            body = .received
            source.finish(bodyError)
        case .none, .dropping, .received:
            if !responding { context.close(promise: nil) }
        }
    }
}
