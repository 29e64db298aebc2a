import NIOCore
import Synchronization

/// A bounded hand-off between a relay's producer task and the response writer.
///
/// The producer waits when `capacity` buffers are queued and the client has not taken them yet,
/// so a slow client slows the upstream read instead of growing memory (backpressure). Cancelling
/// the producer's task wakes it; finishing with an error hands the error to the consumer.
final class RelayQueue: Sendable {
    private struct State {
        var buffers: [ByteBuffer] = []
        var head = 0
        var ending: Result<Void, any Error>?
        var consumer: CheckedContinuation<ByteBuffer?, any Error>?
        var producer: CheckedContinuation<Void, Never>?
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
        let handedOver = state.withLock { state -> CheckedContinuation<ByteBuffer?, any Error>? in
            guard !state.closedByConsumer, state.ending == nil else { return nil }
            if let consumer = state.consumer {
                state.consumer = nil
                return consumer
            }
            state.buffers.append(buffer)
            return nil
        }
        if let handedOver {
            handedOver.resume(returning: buffer)
            return
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
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
        let consumer = state.withLock { state -> CheckedContinuation<ByteBuffer?, any Error>? in
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
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ByteBuffer?, any Error>) in
            enum Outcome {
                case buffer(ByteBuffer, wake: CheckedContinuation<Void, Never>?)
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
        let producer = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closedByConsumer = true
            state.buffers.removeAll()
            state.head = 0
            defer { state.producer = nil }
            return state.producer
        }
        producer?.resume()
    }

    private func wakeProducer() {
        let producer = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.producer = nil }
            return state.producer
        }
        producer?.resume()
    }
}
