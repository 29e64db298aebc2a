import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1
import SwitchboardCore

/// How ``ConnectionDispatcher`` has a request served: a whole `POST /v1/chat/completions` is first
/// offered to the event-loop relay (``EventLoopChatRelay``); everything else, and what the relay
/// hands back, runs through the router in a task bound to the connection's event loop.
extension ConnectionDispatcher {
    /// A request received whole: the event-loop relay's when it takes it, else a task's.
    func dispatchHeld(_ head: HTTPRequestHead, body buffer: ByteBuffer) {
        guard let context else { return }
        let generation = beginResponse(head)
        var prepared: PreparedChatRequest?
        if let relayGateway, EventLoopChatRelay.accepts(head) {
            switch EventLoopChatRelay.serve(
                head, body: buffer, gateway: relayGateway, dispatcher: self, generation: generation, channel: context.channel,
                logger: logger)
            {
            case .served: return
            case .handOver(let chat): prepared = chat
            }
        }
        guard let request = convert(head, generation: generation) else { return }
        startTask(request, body: RequestBody(buffer: buffer), generation: generation, prepared: prepared)
    }

    /// The request as HTTPTypes has it, for the router. A head it cannot take (a method that is
    /// not a token) is answered `400` here, and the connection closes after it.
    func convert(_ head: HTTPRequestHead, generation: Int) -> HTTPRequest? {
        do {
            return try HTTPRequest(head, secure: false, splitCookie: false)
        } catch {
            closeAfterResponse = true
            let gatewayError = GatewayError(.invalidRequest, "The request's method is not valid: \(head.method.rawValue).")
            let bytes = envelopeResponse(gatewayError, allocator: context?.channel.allocator ?? ByteBufferAllocator())
            try? writeWhole(serialized: bytes, status: 400, generation: generation)
            return nil
        }
    }

    /// Runs the request through the router in a task on the connection's event loop.
    func startTask(_ head: HTTPRequest, body requestBody: RequestBody, generation: Int, prepared: PreparedChatRequest? = nil) {
        guard let context else { return }
        let response = DispatchedResponse(dispatcher: NIOLoopBound(self, eventLoop: eventLoop), generation: generation)
        let request = Request(head: head, body: requestBody)
        let (responder, channel, logger, disconnect) = (self.responder, context.channel, self.logger, self.disconnect)
        Task(executorPreference: executor) {
            var requestContext = SwitchboardRequestContext(source: .init(channel: channel, logger: logger))
            requestContext.preparedChat = prepared
            requestContext.disconnect = disconnect
            let answer: Response
            do {
                answer = try await responder.respond(to: request, context: requestContext)
            } catch {
                // The error middleware renders every error; this is only the last resort.
                logger.error("Unhandled error", metadata: ["request_id": "\(requestContext.requestID)", "error": "\(error)"])
                var failure = Response.openAIError(GatewayError(.internalError, "The gateway failed to handle the request."))
                failure.headers[.requestID] = requestContext.requestID
                answer = failure
            }
            await response.send(answer)
        }
    }

    // MARK: The event-loop relay

    func relayStarted(_ relay: EventLoopChatRelay) {
        activeRelay = relay
    }

    func relayEnded(_ relay: EventLoopChatRelay) {
        if activeRelay === relay { activeRelay = nil }
    }
}
