import NIOCore
import NIOHTTP1
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// The upstream's side of ``EventLoopChatRelay``: its head, the body parts as they are read
/// (an answer or an error body gathered whole, a stream relayed part by part), and its end.
extension EventLoopChatRelay {
    var upstreamShouldPause: Bool {
        phase == .streaming && !channel.isWritable
    }

    func upstreamReceived(head: HTTPResponseHead) {
        guard phase == .awaitingHead, let chat else { return }
        upstreamHead = head
        guard (200..<300).contains(head.status.code) else {
            phase = .collectingError
            return
        }
        guard chat.stream else {
            phase = .collectingAnswer
            return
        }
        if ChatPassthroughRelay.notAnEventStream(head.headers) != nil {
            phase = .collectingNonStream
            return
        }
        phase = .streaming
        streamRelay = OpenAIChatStreamRelay(clientModel: chat.model, clientWantsUsage: chat.includeUsage)
    }

    func upstreamReceived(part: ByteBuffer) {
        switch phase {
        case .collectingAnswer:
            let limit = ChatPassthroughRelay.maximumResponseBytes
            guard collected.count + part.readableBytes <= limit else {
                attemptFailed(GatewayError(.upstreamUnavailable, "The upstream response exceeded \(limit) bytes."))
                return
            }
            collected.append(contentsOf: part.readableBytesView)
        case .collectingError, .collectingNonStream:
            guard collected.count + part.readableBytes <= UpstreamResponse.maximumErrorBytes else {
                // As the task path: an error body too large to read is decoded as empty.
                cancelExchange()
                collected = []
                errorBodyRead()
                return
            }
            collected.append(contentsOf: part.readableBytesView)
        case .streaming:
            relayStreamPart(part)
        case .preparing, .backoff, .awaitingHead, .finished:
            break
        }
    }

    func upstreamEnded(failure: GatewayError?) {
        exchange = nil
        switch phase {
        case .awaitingHead:
            attemptFailed(failure ?? GatewayError(.upstreamUnavailable, "The upstream closed the connection before answering."))
        case .collectingAnswer:
            if let failure {
                attemptFailed(failure)
            } else {
                answerRead()
            }
        case .collectingError, .collectingNonStream:
            if failure != nil { collected = [] }
            errorBodyRead()
        case .streaming:
            if let failure {
                streamFailed(failure)
            } else {
                streamEnded()
            }
        case .preparing, .backoff, .finished:
            break
        }
    }

    /// A whole successful answer: relayed with the client's model name, its usage recorded.
    func answerRead() {
        guard let chat, let attempt else { return }
        do {
            let relayed = try OpenAIChatResponseRelay.relay(body: collected, clientModel: chat.model)
            self.attempt = nil
            attempt.succeed(usage: relayed.usage)
            respond(json: relayed.body)
        } catch {
            attemptFailed(error)
        }
    }

    /// An error status's body, or a stream request's answer that is not a stream, read whole:
    /// the error the router's path would make of it (``ChatPassthroughRelay``).
    func errorBodyRead() {
        guard let head = upstreamHead else { return }
        if phase == .collectingError {
            attemptFailed(ChatPassthroughRelay.statusError(status: Int(head.status.code), headers: head.headers, body: collected))
        } else {
            let contentType = ChatPassthroughRelay.notAnEventStream(head.headers) ?? ""
            attemptFailed(ChatPassthroughRelay.notAnEventStreamError(contentType: contentType, body: collected))
        }
    }
}
