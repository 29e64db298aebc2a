import Testing
import Foundation
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import SwitchboardTesting

/// Two gateway replicas polling one store: every task ends once, is charged once and its webhook
/// goes out once, whichever replica took it. On a SQLite file always, and on PostgreSQL when
/// `SWITCHBOARD_TEST_POSTGRES_URL` is set; on a database of their own (``ReplicaDatabase``).
@Suite("Tasks on replicas")
struct TaskReplicaTests {
    @Test(arguments: ReplicaTests.backends)
    func twoReplicasEndEveryTaskOnceAndChargeItOnce(_ backend: String) async throws {
        TaskStack.installWebhookSecret
        try await ReplicaDatabase.withFresh(backend) { url in try await Self.endEveryTaskOnce(databaseURL: url) }
    }

    private static func endEveryTaskOnce(databaseURL url: String) async throws {
        try await TaskStack.run(mockSeconds: 0.5, databaseURL: url) { first, upstream in
            var configuration = first.gateway.configuration
            configuration.port = 0
            try await GatewayHarness.run(configuration) { second in
                let hook = JSONValue.string("http://127.0.0.1:\(upstream.port)/hooks/200")
                var ids: [String] = []
                for index in 0..<12 {
                    let gateway = index.isMultiple(of: 2) ? first : second
                    ids.append(try await gateway.submitTask(["model": "mock-video-1", "prompt": .string("replica \(index)"), "webhook_url": hook]))
                }
                for id in ids {
                    #expect(try await second.waitForTask(id).last?["status"]?.stringValue == "succeeded")
                }
                let deadline = ContinuousClock.now + .seconds(30)
                while ContinuousClock.now < deadline, Set(upstream.requests.filter { $0.path == "/hooks/200" }.compactMap { $0.json?["id"]?.stringValue }).count < ids.count {
                    try await Task.sleep(for: .milliseconds(100))
                }
                // The replica that ended a task records it one step after writing the task's end,
                // and the other replica may deliver the webhook in between: the records are
                // flushed and read until all are in (a second record would still show below).
                var records: [UsageRecord] = []
                let recordsDeadline = ContinuousClock.now + .seconds(5)
                repeat {
                    await first.gateway.recorder.flush()
                    await second.gateway.recorder.flush()
                    records = try await first.gateway.store.recentUsage(limit: 500).filter { ids.contains($0.requestID) }
                    if records.count >= ids.count { break }
                    try await Task.sleep(for: .milliseconds(50))
                } while ContinuousClock.now < recordsDeadline
                #expect(records.count == ids.count, "one usage record per task")
                #expect(Set(records.map(\.requestID)).count == ids.count)
                let hooks = upstream.requests.filter { $0.path == "/hooks/200" }.compactMap { $0.json?["id"]?.stringValue }
                #expect(hooks.sorted() == ids.sorted(), "one webhook per task")
            }
        }
    }
}
