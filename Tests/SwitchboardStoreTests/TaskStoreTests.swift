import Testing
import Foundation
import SwitchboardCore
@testable import SwitchboardStore

@Suite("Stored tasks")
struct TaskStoreTests {
    static let start = Date(milliseconds: 1_800_000_000_000)

    func sample(_ id: String, key: String = "key_a", created: Date = start, due: Date? = nil) -> StoredTask {
        StoredTask(
            id: id, keyID: key, model: "mock-video-1", channel: "mock", upstreamModel: "mock-video-1",
            upstreamID: "up_\(id)", requestJSON: #"{"model":"mock-video-1","prompt":"cat"}"#, origin: "http://127.0.0.1:8080",
            reservedUSD: 0.25, budgetPeriodStart: 42, webhookURL: "https://example.test/hook", createdAt: created,
            nextAttemptAt: due)
    }

    @Test(arguments: StoreBackend.allCases)
    func aTaskIsReadOnlyByItsKeyAndListedNewestFirst(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.insertTask(sample("task_1"))
            try await store.insertTask(sample("task_2", created: Self.start.addingTimeInterval(1)))
            try await store.insertTask(sample("task_3", key: "key_b"))
            #expect(try await store.task(id: "task_1", keyID: "key_a") == sample("task_1"))
            #expect(try await store.task(id: "task_1", keyID: "key_b") == nil)
            #expect(try await store.tasks(keyID: "key_a", limit: 10).map(\.id) == ["task_2", "task_1"])
            #expect(try await store.tasks(keyID: "key_a", limit: 1).map(\.id) == ["task_2"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func onlyDueUnleasedTasksAreClaimedAndOnlyOnce(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let now = Self.start.addingTimeInterval(10)
            try await store.insertTask(sample("task_due"))
            try await store.insertTask(sample("task_later", due: now.addingTimeInterval(60)))
            var finished = sample("task_done")
            finished.status = .succeeded
            try await store.insertTask(finished)
            let first = try await store.claimDueTasks(owner: "a", now: now, leaseUntil: now.addingTimeInterval(30), limit: 10)
            #expect(first.map(\.id) == ["task_due"])
            let second = try await store.claimDueTasks(owner: "b", now: now, leaseUntil: now.addingTimeInterval(30), limit: 10)
            #expect(second.isEmpty, "a leased task is not claimed again")
            let afterLease = try await store.claimDueTasks(owner: "b", now: now.addingTimeInterval(31), leaseUntil: now.addingTimeInterval(61), limit: 10)
            #expect(afterLease.map(\.id) == ["task_due"], "an expired lease may be taken over")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anUpdateNeedsTheLeaseAndGivesItBack(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let now = Self.start.addingTimeInterval(10)
            try await store.insertTask(sample("task_1"))
            var claimed = try #require(try await store.claimDueTasks(owner: "a", now: now, leaseUntil: now.addingTimeInterval(30), limit: 10).first)
            claimed.status = .succeeded
            claimed.progress = 100
            claimed.resultJSON = #"{"urls":["https://example.test/v.mp4"]}"#
            claimed.outputSeconds = 4
            claimed.completedAt = now
            claimed.webhook = .pending
            claimed.nextAttemptAt = now
            #expect(try await store.updateLeasedTask(claimed, owner: "b") == false, "another owner cannot write it")
            #expect(try await store.updateLeasedTask(claimed, owner: "a"))
            let stored = try #require(try await store.task(id: "task_1", keyID: "key_a"))
            #expect(stored.status == .succeeded)
            #expect(stored.resultJSON == claimed.resultJSON)
            #expect(stored.outputSeconds == 4)
            #expect(stored.completedAt == now)
            // Ended, with its webhook pending: due again at once, for the webhook.
            let again = try await store.claimDueTasks(owner: "c", now: now, leaseUntil: now.addingTimeInterval(30), limit: 10)
            #expect(again.map(\.id) == ["task_1"])
            #expect(again.first?.webhook == .pending)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func releasedLeasesAreClaimableAtOnce(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let now = Self.start.addingTimeInterval(10)
            try await store.insertTask(sample("task_1"))
            _ = try await store.claimDueTasks(owner: "a", now: now, leaseUntil: now.addingTimeInterval(30), limit: 10)
            try await store.releaseLeases(owner: "a")
            let claimed = try await store.claimDueTasks(owner: "b", now: now, leaseUntil: now.addingTimeInterval(30), limit: 10)
            #expect(claimed.map(\.id) == ["task_1"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func concurrentClaimsNeverShareATask(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let now = Self.start.addingTimeInterval(10)
            for index in 0..<40 { try await store.insertTask(sample("task_\(index)")) }
            let claims = try await withThrowingTaskGroup(of: [String].self) { group in
                for owner in ["a", "b", "c", "d"] {
                    group.addTask {
                        var mine: [String] = []
                        for _ in 0..<5 {
                            mine += try await store.claimDueTasks(owner: owner, now: now, leaseUntil: now.addingTimeInterval(30), limit: 4).map(\.id)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claims.count == 40)
            #expect(Set(claims).count == claims.count, "no task is claimed by two owners")
        }
    }
}
