import NIOCore
import Synchronization

/// A bounded hand-off between a relay's producer task and the response writer. (Its continuations
/// are unsafe ones: each is stored under the state lock and taken out exactly once.)
///
/// The producer waits when `capacity` buffers are queued and the client has not taken them yet,
/// so a slow client slows the upstream read instead of growing memory (backpressure). Cancelling
/// the producer's task wakes it; finishing with an error hands the error to the consumer.
final class RelayQueue: Sendable {
    private struct State {
        var buffers: [ByteBuffer] = []
        var head = 0
        var ending: Result<Void, any Error>?
        var consumer: UnsafeContinuation<ByteBuffer?, any Error>?
        var producer: UnsafeContinuation<Void, Never>?
        var closedByConsumer = false

        var count: Int { buffers.count - head }

        mutating func popFirst() -> ByteBuffer? {
            guard head < buffers.count else { return nil }
            let buffer = buffers[head]
            head += 1
            if head > 32, head * 2 > buffers.count {
                buffers.removeFirst(head)
                head = 0
            }
            return buffer
        }
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 16) {
        self.capacity = capacity
    }

    /// Queues a buffer, waiting while the queue is full. Returns at once when the consumer has gone.
    func push(_ buffer: ByteBuffer) async {
        enum Outcome { case handedOver(UnsafeContinuation<ByteBuffer?, any Error>), done, full }
        let outcome = state.withLock { state -> Outcome in
            guard !state.closedByConsumer, state.ending == nil else { return .done }
            if let consumer = state.consumer {
                state.consumer = nil
                return .handedOver(consumer)
            }
            state.buffers.append(buffer)
            return state.count >= capacity ? .full : .done
        }
        switch outcome {
        case .handedOver(let consumer):
            consumer.resume(returning: buffer)
            return
        case .done:
            return
        case .full:
            break
        }
        // Full: wait for the consumer (only here, so a push that fits costs no cancellation handler).
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let mustWait = state.withLock { state -> Bool in
                    guard state.count >= capacity, !state.closedByConsumer, !Task.isCancelled else { return false }
                    state.producer = continuation
                    return true
                }
                if !mustWait { continuation.resume() }
            }
        } onCancel: {
            wakeProducer()
        }
    }

    /// Ends the stream; the consumer gets the remaining buffers, then the end or the error.
    func finish(_ ending: Result<Void, any Error> = .success(())) {
        let consumer = state.withLock { state -> UnsafeContinuation<ByteBuffer?, any Error>? in
            guard state.ending == nil else { return nil }
            state.ending = ending
            defer { state.consumer = nil }
            return state.count == 0 ? state.consumer : nil
        }
        switch ending {
        case .success: consumer?.resume(returning: nil)
        case .failure(let error): consumer?.resume(throwing: error)
        }
    }

    /// The next buffer, nil at the end; throws the producer's error.
    func next() async throws -> ByteBuffer? {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<ByteBuffer?, any Error>) in
            enum Outcome {
                case buffer(ByteBuffer, wake: UnsafeContinuation<Void, Never>?)
                case ended(Result<Void, any Error>)
                case wait
            }
            let outcome = state.withLock { state -> Outcome in
                if let buffer = state.popFirst() {
                    let wake = state.count < capacity ? state.producer : nil
                    if wake != nil { state.producer = nil }
                    return .buffer(buffer, wake: wake)
                }
                if let ending = state.ending { return .ended(ending) }
                state.consumer = continuation
                return .wait
            }
            switch outcome {
            case .buffer(let buffer, let wake):
                wake?.resume()
                continuation.resume(returning: buffer)
            case .ended(.success):
                continuation.resume(returning: nil)
            case .ended(.failure(let error)):
                continuation.resume(throwing: error)
            case .wait:
                break
            }
        }
    }

    /// The consumer stops reading (the client went away): a waiting producer is released.
    func close() {
        let producer = state.withLock { state -> UnsafeContinuation<Void, Never>? in
            state.closedByConsumer = true
            state.buffers.removeAll()
            state.head = 0
            defer { state.producer = nil }
            return state.producer
        }
        producer?.resume()
    }

    private func wakeProducer() {
        let producer = state.withLock { state -> UnsafeContinuation<Void, Never>? in
            defer { state.producer = nil }
            return state.producer
        }
        producer?.resume()
    }
}
