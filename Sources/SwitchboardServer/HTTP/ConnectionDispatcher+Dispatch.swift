import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore

/// How ``ConnectionDispatcher`` has a request served: a whole `POST /v1/chat/completions` is first
/// offered to the event-loop relay (``EventLoopChatRelay``); everything else, and what the relay
/// hands back, runs through the router in a task bound to the connection's event loop.
extension ConnectionDispatcher {
    /// A request received whole: the event-loop relay's when it takes it, else a task's.
    func dispatchHeld(_ head: HTTPRequest, body buffer: ByteBuffer) {
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
        startTask(head, body: RequestBody(buffer: buffer), generation: generation, prepared: prepared)
    }

    /// Runs the request through the router in a task on the connection's event loop.
    func startTask(_ head: HTTPRequest, body requestBody: RequestBody, generation: Int, prepared: PreparedChatRequest? = nil) {
        guard let context else { return }
        let response = DispatchedResponse(dispatcher: NIOLoopBound(self, eventLoop: eventLoop), generation: generation)
        let request = Request(head: head, body: requestBody)
        let (responder, channel, logger) = (self.responder, context.channel, self.logger)
        Task(executorPreference: executor) {
            var requestContext = SwitchboardRequestContext(source: .init(channel: channel, logger: logger))
            requestContext.preparedChat = prepared
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
