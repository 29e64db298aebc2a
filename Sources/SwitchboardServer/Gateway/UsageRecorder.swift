public import SwitchboardStore
import Synchronization
import Foundation
public import Logging
public import ServiceLifecycle

/// Collects usage records from requests and writes them to the store in batches.
///
/// Recording is a lock and an append, so the request path never waits for the store. A background
/// loop flushes every `flushInterval`; on graceful shutdown (after the HTTP server has finished its
/// in-flight requests) it drains everything left. When the store fails, records go back into the
/// buffer and are retried; the buffer is bounded (`capacity`), and when it is full the oldest
/// records are dropped with an error log naming how many.
public final class UsageRecorder: Service, Sendable {
    private let log: any UsageLog
    private let buffer = Mutex<[UsageRecord]>([])
    private let flushInterval: Duration
    private let capacity: Int
    private let logger: Logger
    private let flushes = SerialRunner()

    public init(log: any UsageLog, flushInterval: Duration = .milliseconds(200), capacity: Int = 100_000, logger: Logger) {
        self.log = log
        self.flushInterval = flushInterval
        self.capacity = capacity
        self.logger = logger
    }

    /// Queues one record; never blocks on the store.
    public func record(_ record: UsageRecord) {
        let dropped = buffer.withLock { pending -> Int in
            pending.append(record)
            return Self.trim(&pending, to: capacity)
        }
        reportDropped(dropped)
    }

    /// Records waiting to be written.
    public var pendingCount: Int { buffer.withLock { $0.count } }

    /// Writes everything queued so far: when it returns true, every record queued before the call
    /// is in the store (a flush already writing is waited for). Returns false when the store failed
    /// (records kept).
    @discardableResult
    public func flush() async -> Bool {
        (try? await flushes.run { await self.writeQueued() }) ?? false
    }

    private func writeQueued() async -> Bool {
        let batch = buffer.withLock { pending -> [UsageRecord] in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        guard !batch.isEmpty else { return true }
        do {
            try await log.append(batch)
            return true
        } catch is EncodingError {
            await writeOneByOne(batch)
            return true
        } catch {
            logger.error("Could not write usage records; will retry", metadata: ["count": "\(batch.count)", "error": "\(error)"])
            requeue(batch)
            return false
        }
    }

    /// A batch the store cannot take as a whole for a reason in its data: write what can be written
    /// and drop (with an error log) only the records that can never be, so one bad record does not
    /// block the log.
    private func writeOneByOne(_ batch: [UsageRecord]) async {
        var retry: [UsageRecord] = []
        for record in batch {
            do {
                try await log.append([record])
            } catch is EncodingError {
                logger.error("Dropped a usage record the store cannot encode", metadata: ["request_id": "\(record.requestID)"])
            } catch {
                retry.append(record)
            }
        }
        if !retry.isEmpty { requeue(retry) }
    }

    private func requeue(_ records: [UsageRecord]) {
        let dropped = buffer.withLock { pending -> Int in
            pending.insert(contentsOf: records, at: 0)
            return Self.trim(&pending, to: capacity)
        }
        reportDropped(dropped)
    }

    /// Drops the oldest records beyond `capacity`; returns how many.
    private static func trim(_ pending: inout [UsageRecord], to capacity: Int) -> Int {
        let excess = pending.count - capacity
        guard excess > 0 else { return 0 }
        pending.removeFirst(excess)
        return excess
    }

    private func reportDropped(_ dropped: Int) {
        guard dropped > 0 else { return }
        logger.error("Usage buffer full: dropped the oldest usage records", metadata: ["dropped": "\(dropped)"])
    }

    public func run() async throws {
        await repeatUntilShutdown(every: flushInterval) { await self.flush() }
        await drain()
    }

    /// Flushes until the buffer is empty, retrying a failing store a few times.
    public func drain() async {
        for attempt in 0..<20 {
            if await flush(), pendingCount == 0 { return }
            try? await Task.sleep(for: .milliseconds(100 * (attempt + 1)))
        }
        logger.error("Usage records could not be written before shutdown", metadata: ["lost": "\(pendingCount)"])
    }
}
