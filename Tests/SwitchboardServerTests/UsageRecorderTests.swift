import Testing
import Logging
import Foundation
import Synchronization
import SwitchboardStore
@testable import SwitchboardServer

/// A usage log that fails the way a real store can: a record it can never encode, or an outage.
final class FlakyUsageLog: UsageLog {
    let written = Mutex<[String]>([])
    let outages = Mutex<Int>(0)
    let poisoned: String?

    init(poisoned: String? = nil, outages: Int = 0) {
        self.poisoned = poisoned
        self.outages.withLock { $0 = outages }
    }

    func append(_ records: [UsageRecord]) async throws {
        if outages.withLock({ count in
            defer { count = max(0, count - 1) }
            return count > 0
        }) {
            throw CancellationError()
        }
        if records.contains(where: { $0.requestID == poisoned }) {
            throw EncodingError.invalidValue(records, .init(codingPath: [], debugDescription: "cannot encode"))
        }
        written.withLock { $0 += records.map(\.requestID) }
    }

    func recentUsage(limit: Int) async throws -> [UsageRecord] { [] }
}

@Suite("Usage recorder")
struct UsageRecorderTests {
    static func record(_ id: String) -> UsageRecord {
        UsageRecord(requestID: id, keyID: nil, endpoint: "chat.completions", model: "m", status: 200, latencyMilliseconds: 1, streamed: false)
    }

    @Test func aRecordThatCanNeverBeWrittenDoesNotBlockTheOthers() async {
        let log = FlakyUsageLog(poisoned: "bad")
        let recorder = UsageRecorder(log: log, logger: Logger(label: "test"))
        for id in ["a", "bad", "b"] { recorder.record(Self.record(id)) }
        #expect(await recorder.flush())
        #expect(log.written.withLock { $0 } == ["a", "b"])
        #expect(recorder.pendingCount == 0)
    }

    @Test func anOutageKeepsRecordsUntilTheStoreIsBack() async {
        let log = FlakyUsageLog(outages: 2)
        let recorder = UsageRecorder(log: log, logger: Logger(label: "test"))
        recorder.record(Self.record("a"))
        #expect(await recorder.flush() == false)
        recorder.record(Self.record("b"))
        #expect(await recorder.flush() == false)
        #expect(recorder.pendingCount == 2)
        #expect(await recorder.flush())
        #expect(log.written.withLock { $0 } == ["a", "b"])
    }

    @Test func theBufferIsBoundedAndDropsTheOldest() async {
        let log = FlakyUsageLog()
        let recorder = UsageRecorder(log: log, capacity: 3, logger: Logger(label: "test"))
        for id in ["1", "2", "3", "4", "5"] { recorder.record(Self.record(id)) }
        #expect(recorder.pendingCount == 3)
        await recorder.drain()
        #expect(log.written.withLock { $0 } == ["3", "4", "5"])
    }
}
