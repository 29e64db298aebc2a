import Testing
import NIOCore
import Synchronization
@testable import SwitchboardServer

@Suite("Relay queue between a stream's producer and the response writer")
struct RelayQueueTests {
    private static func buffer(_ index: Int) -> ByteBuffer { ByteBuffer(string: "\(index)") }

    /// A producer of ten buffers, counting its pushes: with capacity 1 it soon waits for a consumer.
    private static func pushingTen(into queue: RelayQueue, pushed: Counter) -> Task<Void, Never> {
        Task {
            for index in 0..<10 {
                await queue.push(buffer(index))
                pushed.value.add(1, ordering: .relaxed)
            }
        }
    }

    /// Whether the producer got through all ten pushes within two seconds (a stuck one fails the
    /// test instead of hanging it).
    private static func allPushed(_ pushed: Counter) async throws -> Bool {
        let started = ContinuousClock.now
        while pushed.value.load(ordering: .relaxed) < 10, ContinuousClock.now - started < .seconds(2) {
            try await Task.sleep(for: .milliseconds(5))
        }
        return pushed.value.load(ordering: .relaxed) == 10
    }

    @Test func everyBufferArrivesInOrderThenTheEnd() async throws {
        let queue = RelayQueue(capacity: 4)
        let producer = Task {
            for index in 0..<100 { await queue.push(Self.buffer(index)) }
            queue.finish()
        }
        var received: [String] = []
        while let buffer = try await queue.next() { received.append(String(buffer: buffer)) }
        await producer.value
        #expect(received == (0..<100).map(String.init))
    }

    @Test func aFullQueueHoldsTheProducerUntilTheConsumerReads() async throws {
        let queue = RelayQueue(capacity: 2)
        let pushed = Counter()
        let producer = Task {
            for index in 0..<3 {
                await queue.push(Self.buffer(index))
                pushed.value.add(1, ordering: .relaxed)
            }
        }
        // The push that fills the queue (the second) waits for the consumer.
        let waited = ContinuousClock.now
        while pushed.value.load(ordering: .relaxed) < 1, ContinuousClock.now - waited < .seconds(2) { await Task.yield() }
        try await Task.sleep(for: .milliseconds(100))
        #expect(pushed.value.load(ordering: .relaxed) == 1, "the producer waits once the queue is full")
        #expect(try await queue.next().map { String(buffer: $0) } == "0")
        #expect(try await queue.next().map { String(buffer: $0) } == "1")
        await producer.value
        #expect(pushed.value.load(ordering: .relaxed) == 3)
        queue.finish()
        #expect(try await queue.next().map { String(buffer: $0) } == "2")
        #expect(try await queue.next() == nil)
    }

    @Test func aProducerErrorReachesTheConsumerAfterTheQueuedBuffers() async throws {
        struct Broken: Error {}
        let queue = RelayQueue(capacity: 4)
        await queue.push(Self.buffer(1))
        queue.finish(.failure(Broken()))
        #expect(try await queue.next().map { String(buffer: $0) } == "1")
        await #expect(throws: Broken.self) { _ = try await queue.next() }
    }

    /// How a producer blocked on a full queue is let go: the consumer leaves, or the producer's
    /// task is cancelled. Either way all its pushes complete.
    enum Release: CaseIterable, Sendable { case consumerLeaves, producerCancelled }

    @Test(arguments: Release.allCases)
    func aWaitingProducerIsReleased(by release: Release) async throws {
        let queue = RelayQueue(capacity: 1)
        let pushed = Counter()
        let producer = Self.pushingTen(into: queue, pushed: pushed)
        try await Task.sleep(for: .milliseconds(50))
        #expect(pushed.value.load(ordering: .relaxed) == 0, "the producer waits for the consumer")
        switch release {
        case .consumerLeaves: queue.close()
        case .producerCancelled: producer.cancel()
        }
        #expect(try await Self.allPushed(pushed))
        producer.cancel()
        queue.close()
        await producer.value
    }
}

private final class Counter: Sendable {
    let value = Atomic(0)
}
