import Testing
import Foundation
import NIOHTTP1
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import SwitchboardTesting

/// The task API over loopback with the mock: submit, poll to the end, charge once, scope by key,
/// bad input, aliases, and a restart in the middle of a task.
@Suite("Tasks")
struct TaskTests {
    static let admin = GatewayHarness.adminKey

    @Test func aMockVideoRunsToSuccessWithProgressAndIsChargedOnce() async throws {
        try await TaskStack.run(mockSeconds: 1.5) { gateway, _ in
            let submitted = try await gateway.post("/v1/tasks", json: ["model": "mock-video-1", "prompt": "A cat", "seconds": 4])
            #expect(submitted.status == 200)
            let task = try #require(submitted.json)
            let id = try #require(task["id"]?.stringValue)
            #expect(id.hasPrefix("task_"))
            #expect(task["object"]?.stringValue == "task")
            #expect(task["model"]?.stringValue == "mock-video-1")
            #expect(task["status"]?.stringValue == "queued")
            #expect(task["progress"]?.intValue == 0)
            #expect(task["created_at"]?.intValue != nil)

            let seen = try await gateway.waitForTask(id)
            let final = try #require(seen.last)
            #expect(final["status"]?.stringValue == "succeeded")
            #expect(final["progress"]?.intValue == 100)
            #expect(final["completed_at"]?.intValue != nil)
            #expect(final["result"]?["urls"]?.arrayValue?.first?.stringValue == "https://mock.switchboard.invalid/videos/\(id).mp4")
            #expect(final["result"]?["seconds"]?.intValue == 4)
            #expect(seen.contains { ($0["progress"]?.intValue ?? 0) > 0 && ($0["progress"]?.intValue ?? 100) < 100 },
                    "progress moves while the task runs: \(seen.map { $0["progress"]?.intValue ?? -1 })")

            await gateway.gateway.recorder.flush()
            let records = try await gateway.gateway.store.recentUsage(limit: 20).filter { $0.endpoint == "tasks" }
            #expect(records.count == 1)
            let record = try #require(records.first)
            #expect(record.requestID == id)
            #expect(record.status == 200)
            #expect(record.channel == "mock")
            #expect(abs(record.costUSD - 0.04) < 1e-9, "4 seconds at $0.01 a second")
            // Counted in the metrics like every other usage record, with its cost.
            let metrics = try await gateway.send(.GET, "/metrics", key: Self.admin).text
            #expect(metrics.contains(#"switchboard_requests_total{endpoint="tasks",status="200",channel="mock"} 1"#), "\(metrics)")
            #expect(metrics.contains(#"switchboard_request_duration_seconds_count{endpoint="tasks"} 1"#))
            #expect(metrics.contains(#"switchboard_cost_microdollars_total{channel="mock"} 40000"#))
        }
    }

    @Test func aPromptWithFailFailsAndTheBudgetReservationIsRefunded() async throws {
        try await TaskStack.run { gateway, _ in
            let key = try await LimitsAndBudgetTests.createKey(gateway, ["name": "budgeted", "budget_usd": 5])
            let id = try await gateway.submitTask(["model": "mock-video-1", "prompt": "please fail"], key: key.secret)
            let final = try #require(try await gateway.waitForTask(id, key: key.secret).last)
            #expect(final["status"]?.stringValue == "failed")
            #expect(final["error"]?["code"]?.stringValue == "mock_task_failed")
            #expect(final["error"]?["message"]?.stringValue?.contains("fail") == true)
            #expect(final["result"]?.isNull == true)
            await gateway.gateway.recorder.flush()
            let record = try #require(try await gateway.gateway.store.recentUsage(limit: 20).first { $0.requestID == id })
            #expect(record.status == 502)
            #expect(record.errorCode == "mock_task_failed")
            #expect(record.costUSD == 0)
            #expect(gateway.gateway.budgets.spent(keyID: key.id) == 0)
        }
    }

    @Test func aSuccessIsChargedToTheKeysBudget() async throws {
        try await TaskStack.run { gateway, _ in
            let key = try await LimitsAndBudgetTests.createKey(gateway, ["name": "budgeted", "budget_usd": 5])
            let id = try await gateway.submitTask(["model": "mock-video-1", "prompt": "A dog", "seconds": "8"], key: key.secret)
            #expect(try await gateway.waitForTask(id, key: key.secret).last?["status"]?.stringValue == "succeeded")
            #expect(abs(gateway.gateway.budgets.spent(keyID: key.id) - 0.08) < 1e-9)
        }
    }

    @Test func aRunningTaskHoldsNoConcurrencySlotButRateLimitsApply() async throws {
        try await TaskStack.run(mockSeconds: 5) { gateway, _ in
            let single = try await LimitsAndBudgetTests.createKey(gateway, ["name": "one-at-a-time", "max_concurrency": 1])
            for index in 0..<3 {
                let answer = try await gateway.post("/v1/tasks", json: ["model": "mock-video-1", "prompt": .string("long \(index)")], key: single.secret)
                #expect(answer.status == 200, "a submitted task gives its slot back at once: \(answer.text)")
            }
            let limited = try await LimitsAndBudgetTests.createKey(gateway, ["name": "rpm", "rpm": 1])
            #expect(try await gateway.post("/v1/tasks", json: ["model": "mock-video-1", "prompt": "one"], key: limited.secret).status == 200)
            let refused = try await gateway.post("/v1/tasks", json: ["model": "mock-video-1", "prompt": "two"], key: limited.secret)
            #expect(refused.status == 429)
            #expect(refused.json?["error"]?["code"]?.stringValue == "rate_limit_exceeded")
            #expect(refused.headers.first(name: "x-ratelimit-limit-requests") == "1")
            let spent = try await LimitsAndBudgetTests.createKey(gateway, ["name": "spent", "budget_usd": 0])
            let broke = try await gateway.post("/v1/tasks", json: ["model": "mock-video-1", "prompt": "three"], key: spent.secret)
            #expect(broke.status == 429)
            #expect(broke.json?["error"]?["code"]?.stringValue == "insufficient_quota")
            let mockOnly = try await LimitsAndBudgetTests.createKey(gateway, ["name": "chat-only", "models": ["mock-1"]])
            let forbidden = try await gateway.post("/v1/tasks", json: ["model": "mock-video-1", "prompt": "four"], key: mockOnly.secret)
            #expect(forbidden.status == 403)
            #expect(forbidden.json?["error"]?["code"]?.stringValue == "model_not_allowed")
        }
    }

    @Test func aTaskIsVisibleOnlyToTheKeyThatCreatedIt() async throws {
        try await TaskStack.run { gateway, _ in
            let other = try await LimitsAndBudgetTests.createKey(gateway, ["name": "other"])
            let id = try await gateway.submitTask(["model": "mock-video-1", "prompt": "mine"])
            let foreign = try await gateway.send(.GET, "/v1/tasks/\(id)", key: other.secret)
            #expect(foreign.status == 404)
            #expect(foreign.json?["error"]?["code"]?.stringValue == "task_not_found")
            #expect(foreign.json?["error"]?["type"]?.stringValue == "invalid_request_error")
            #expect(try await gateway.send(.GET, "/v1/tasks", key: other.secret).json?["data"]?.arrayValue?.isEmpty == true)
            #expect(try await gateway.send(.GET, "/v1/tasks/\(id)").status == 200)
            #expect(try await gateway.send(.GET, "/v1/tasks/task_unknown").json?["error"]?["code"]?.stringValue == "task_not_found")
            #expect(try await gateway.send(.GET, "/v1/tasks/\(id)", key: nil).status == 401)
        }
    }

    @Test func theAliasesSubmitTasksAndTheListIsNewestFirst() async throws {
        try await TaskStack.run { gateway, _ in
            let video = try await gateway.submitTask(["model": "mock-video-1", "prompt": "waves"], path: "/v1/video/generations")
            let music = try await gateway.submitTask(["model": "mock-music-1", "prompt": "a shanty"], path: "/v1/music/generations")
            let listed = try await gateway.send(.GET, "/v1/tasks?limit=1")
            #expect(listed.json?["object"]?.stringValue == "list")
            #expect(listed.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [music])
            #expect(listed.json?["has_more"]?.boolValue == true)
            let all = try await gateway.send(.GET, "/v1/tasks").json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(all == [music, video])
            let song = try #require(try await gateway.waitForTask(music).last)
            let url = try #require(song["result"]?["urls"]?.arrayValue?.first?.stringValue)
            #expect(url.hasPrefix("data:audio/wav;base64,"))
            let wav = try #require(Data(base64Encoded: String(url.dropFirst("data:audio/wav;base64,".count))))
            #expect(wav.prefix(4) == Data("RIFF".utf8))
            #expect(song["result"]?["kind"]?.stringValue == "music")
        }
    }

    @Test func badInputIsRefusedNamingTheField() async throws {
        try await TaskStack.run { gateway, _ in
            let cases: [(JSONValue, String)] = [
                (["prompt": "no model"], "model"),
                (["model": 7, "prompt": "x"], "model"),
                (["model": "mock-video-1", "prompt": 12], "prompt"),
                (["model": "mock-video-1"], "prompt"),
                (["model": "mock-video-1", "prompt": "x", "webhook_url": "ftp://example.test/hook"], "webhook_url"),
                (["model": "mock-video-1", "prompt": "x", "webhook_url": 3], "webhook_url"),
                (["model": "gpt-4o-mini", "prompt": "x"], "model"),
                (["model": "suno-music", "prompt": "x", "action": "karaoke"], "action"),
            ]
            for (body, param) in cases {
                let answer = try await gateway.post("/v1/tasks", json: body)
                #expect(answer.status == 400, "\(body): \(answer.text)")
                #expect(answer.json?["error"]?["param"]?.stringValue == param, "\(body): \(answer.text)")
            }
            let unknown = try await gateway.post("/v1/tasks", json: ["model": "no-such-model", "prompt": "x"])
            #expect(unknown.status == 404)
            #expect(unknown.json?["error"]?["code"]?.stringValue == "model_not_found")
            let notJSON = try await gateway.send(.POST, "/v1/tasks", body: Array("{nope".utf8))
            #expect(notJSON.status == 400)
            #expect(try await gateway.send(.GET, "/v1/tasks?limit=0").json?["error"]?["param"]?.stringValue == "limit")
        }
    }

    @Test func aRestartInTheMiddleOfATaskLosesNothing() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tasks-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let id = try await TaskStack.run(mockSeconds: 2, databaseURL: "sqlite://\(path)") { gateway, _ in
            let id = try await gateway.submitTask(["model": "mock-video-1", "prompt": "survive a restart", "seconds": 2])
            let first = try await gateway.send(.GET, "/v1/tasks/\(id)")
            #expect(["queued", "in_progress"].contains(first.json?["status"]?.stringValue ?? ""))
            return id
        }
        try await TaskStack.run(mockSeconds: 2, databaseURL: "sqlite://\(path)") { gateway, _ in
            let final = try #require(try await gateway.waitForTask(id).last)
            #expect(final["status"]?.stringValue == "succeeded")
            await gateway.gateway.recorder.flush()
            let records = try await gateway.gateway.store.recentUsage(limit: 20).filter { $0.requestID == id }
            #expect(records.count == 1)
            #expect(abs((records.first?.costUSD ?? 0) - 0.02) < 1e-9)
        }
    }
}
