public import NIOCore
import AsyncHTTPClient
import NIOHTTP1
import Synchronization

/// One request/response exchange on an upstream connection, read by an async task: the head
/// once, then body parts as they arrive. (Its continuations are unsafe ones: each is stored under
/// the state lock and taken out exactly once, so the checked variant's per-wait allocation buys
/// nothing.) The connection stops reading while `highWatermark` parts
/// wait for the reader (backpressure), and resumes when the reader catches up.
final class UpstreamExchange: UpstreamExchangeReceiving, Sendable {
    private struct State {
        var head: HTTPResponseHead?
        var headWaiter: UnsafeContinuation<HTTPResponseHead, any Error>?
        var parts: [ByteBuffer] = []
        var consumed = 0
        var ending: Result<Void, any Error>?
        var bodyWaiter: UnsafeContinuation<ByteBuffer?, any Error>?
        var readingPaused = false

        var queued: Int { parts.count - consumed }
    }

    private let state = Mutex(State())
    private let highWatermark = 8
    /// Asks the connection for more bytes (set by the connection handler).
    let resumeReading: @Sendable () -> Void
    /// Closes the connection (cancellation, timeouts).
    let abort: @Sendable (any Error) -> Void

    init(resumeReading: @escaping @Sendable () -> Void, abort: @escaping @Sendable (any Error) -> Void) {
        self.resumeReading = resumeReading
        self.abort = abort
    }

    var receivedHead: Bool { state.withLock { $0.head != nil } }

    /// True when the reader is this far behind and the connection should stop reading.
    var shouldPauseReading: Bool {
        state.withLock { state in
            guard state.queued >= highWatermark else { return false }
            state.readingPaused = true
            return true
        }
    }

    // MARK: Connection side (on the event loop)

    func receive(head: HTTPResponseHead) {
        let waiter = state.withLock { state -> UnsafeContinuation<HTTPResponseHead, any Error>? in
            state.head = head
            defer { state.headWaiter = nil }
            return state.headWaiter
        }
        waiter?.resume(returning: head)
    }

    func receive(part: ByteBuffer) {
        let waiter = state.withLock { state -> UnsafeContinuation<ByteBuffer?, any Error>? in
            if let waiter = state.bodyWaiter {
                state.bodyWaiter = nil
                return waiter
            }
            state.parts.append(part)
            return nil
        }
        waiter?.resume(returning: part)
    }

    func finish(_ ending: Result<Void, any Error>) {
        let (headWaiter, bodyWaiter) = state.withLock { state -> (UnsafeContinuation<HTTPResponseHead, any Error>?, UnsafeContinuation<ByteBuffer?, any Error>?) in
            guard state.ending == nil else { return (nil, nil) }
            state.ending = ending
            let headWaiter = state.headWaiter
            let bodyWaiter = state.queued == 0 ? state.bodyWaiter : nil
            state.headWaiter = nil
            if bodyWaiter != nil { state.bodyWaiter = nil }
            return (headWaiter, bodyWaiter)
        }
        switch ending {
        case .success:
            headWaiter?.resume(throwing: UpstreamConnectionError.closedBeforeResponse)
            bodyWaiter?.resume(returning: nil)
        case .failure(let error):
            headWaiter?.resume(throwing: error)
            bodyWaiter?.resume(throwing: error)
        }
    }

    // MARK: Reader side

    func waitForHead() async throws -> HTTPResponseHead {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                enum Outcome { case head(HTTPResponseHead), error(any Error), wait }
                let outcome = state.withLock { state -> Outcome in
                    if let head = state.head { return .head(head) }
                    if case .failure(let error)? = state.ending { return .error(error) }
                    if case .success? = state.ending { return .error(UpstreamConnectionError.closedBeforeResponse) }
                    state.headWaiter = continuation
                    return .wait
                }
                switch outcome {
                case .head(let head): continuation.resume(returning: head)
                case .error(let error): continuation.resume(throwing: error)
                case .wait: break
                }
            }
        } onCancel: {
            self.abort(CancellationError())
        }
    }

    func nextPart() async throws -> ByteBuffer? {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                enum Outcome { case part(ByteBuffer, resume: Bool), ended(Result<Void, any Error>), wait(resume: Bool) }
                let outcome = state.withLock { state -> Outcome in
                    if state.consumed < state.parts.count {
                        let part = state.parts[state.consumed]
                        state.consumed += 1
                        if state.consumed == state.parts.count {
                            state.parts.removeAll(keepingCapacity: true)
                            state.consumed = 0
                        }
                        let resume = state.readingPaused && state.queued < highWatermark / 2
                        if resume { state.readingPaused = false }
                        return .part(part, resume: resume)
                    }
                    if let ending = state.ending { return .ended(ending) }
                    state.bodyWaiter = continuation
                    let resume = state.readingPaused
                    state.readingPaused = false
                    return .wait(resume: resume)
                }
                switch outcome {
                case .part(let part, let resume):
                    if resume { resumeReading() }
                    continuation.resume(returning: part)
                case .ended(.success): continuation.resume(returning: nil)
                case .ended(.failure(let error)): continuation.resume(throwing: error)
                case .wait(let resume):
                    if resume { resumeReading() }
                }
            }
        } onCancel: {
            self.abort(CancellationError())
        }
    }
}

/// An upstream connection that ended in a way that is not an HTTP error.
enum UpstreamConnectionError: Error, Sendable {
    case closedBeforeResponse
    case closedMidResponse
}

/// A response body read part by part as it arrives; cancelling the reading task closes the
/// upstream connection.
public struct UpstreamBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    enum Source: Sendable {
        case exchange(UpstreamExchange)
        case client(HTTPClientResponse.Body)
    }

    let source: Source

    public struct AsyncIterator: AsyncIteratorProtocol {
        let source: Source
        var clientIterator: HTTPClientResponse.Body.AsyncIterator?

        public mutating func next() async throws -> ByteBuffer? {
            switch source {
            case .exchange(let exchange):
                return try await exchange.nextPart()
            case .client:
                return try await clientIterator?.next()
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        switch source {
        case .exchange: AsyncIterator(source: source, clientIterator: nil)
        case .client(let body): AsyncIterator(source: source, clientIterator: body.makeAsyncIterator())
        }
    }
}
