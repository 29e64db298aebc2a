import Testing
import Foundation
import SwitchboardCore
import SwitchboardServer
import SwitchboardTesting

/// Two gateway replicas on one store share keys, channels and budgets: what an operator changes
/// on one reaches the other within a second, and a budget spent on one is refused on the other.
/// Runs on a SQLite file always, and on PostgreSQL when `SWITCHBOARD_TEST_POSTGRES_URL` is set
/// (the README's test command sets it); each test's replicas on a database of their own
/// (``ReplicaDatabase``).
@Suite("Replicas on one store")
struct ReplicaTests {
    static let admin = GatewayHarness.adminKey

    static var backends: [String] {
        var urls = ["sqlite"]
        if let postgres = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"], !postgres.isEmpty {
            urls.append(postgres)
        }
        return urls
    }

    static func withReplicas(
        _ backend: String, _ body: @Sendable (GatewayHarness, GatewayHarness, TestUpstream) async throws -> Void
    ) async throws {
        try await ReplicaDatabase.withFresh(backend) { url in
            try await Stack.run(customize: { $0.databaseURL = url }) { first, upstream in
                var configuration = first.gateway.configuration
                configuration.port = 0
                try await GatewayHarness.run(configuration) { second in try await body(first, second, upstream) }
            }
        }
    }

    /// Polls until `condition` holds, for at most `seconds`.
    static func eventually(within seconds: Double, _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    @Test(arguments: backends)
    func aKeyRevokedOnOneReplicaStopsWorkingOnTheOtherWithinASecond(_ backend: String) async throws {
        try await Self.withReplicas(backend) { first, second, _ in
            let created = try await first.post("/admin/v1/keys", json: ["name": .string("shared-\(UUID().uuidString)")], key: Self.admin)
            let secret = try #require(created.json?["key"]?.stringValue)
            let id = try #require(created.json?["id"]?.stringValue)
            #expect(try await Self.eventually(within: 1) {
                try await second.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: secret).status == 200
            })
            #expect(try await second.send(.DELETE, "/admin/v1/keys/\(id)", key: Self.admin).status == 200)
            // Timed on the other replica's key directory itself, polled every 10 ms: a request's
            // own latency on a loaded machine (each poll a chat request) is not what is measured.
            let started = ContinuousClock.now
            var revoked = false
            while !revoked, ContinuousClock.now - started < .seconds(5) {
                revoked = (try? first.gateway.keys.authenticate(secret)) == nil
                if !revoked { try await Task.sleep(for: .milliseconds(10)) }
            }
            let took = ContinuousClock.now - started
            #expect(revoked)
            #expect(took < .seconds(1), "the revocation reached the other replica after \(took)")
            let refused = try await first.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: secret)
            #expect(refused.status == 401)
        }
    }

    @Test(arguments: backends)
    func aChannelAddedOnOneReplicaRoutesOnTheOther(_ backend: String) async throws {
        try await Self.withReplicas(backend) { first, second, upstream in
            let model = "replica-\(UUID().uuidString.prefix(8))"
            let created = try await first.post("/admin/v1/channels", json: [
                "name": .string("ch-\(model)"), "provider": "openai-compatible", "base_url": .string(upstream.baseURL),
                "model_map": .object([model: "gpt-4o-mini"]),
            ], key: Self.admin)
            #expect(created.status == 201)
            #expect(try await Self.eventually(within: 1) {
                try await second.post("/v1/chat/completions", json: Stack.chat(model)).status == 200
            })
            let id = try #require(created.json?["id"]?.stringValue)
            #expect(try await second.send(.DELETE, "/admin/v1/channels/\(id)", key: Self.admin).status == 200)
            #expect(try await Self.eventually(within: 1) {
                try await first.post("/v1/chat/completions", json: Stack.chat(model)).status == 404
            })
        }
    }

    @Test(arguments: backends)
    func aBudgetSpentOnOneReplicaIsRefusedOnTheOther(_ backend: String) async throws {
        try await Self.withReplicas(backend) { first, second, _ in
            let body = Stack.chat("mock-1", extra: ["max_tokens": 40])
            let priced = try await first.post("/v1/chat/completions", json: body)
            #expect(priced.status == 200)
            await first.gateway.recorder.flush()
            // Found by its request id: on PostgreSQL other suites write to the same store meanwhile.
            let pricedID = try #require(priced.headers.first(name: "x-request-id"))
            let unit = try #require(try await first.gateway.store.recentUsage(limit: 500).first { $0.requestID == pricedID }?.costUSD)
            #expect(unit > 0)
            let created = try await first.post(
                "/admin/v1/keys", json: ["name": .string("budget-\(UUID().uuidString)"), "budget_usd": .double(unit * 5)], key: Self.admin)
            let secret = try #require(created.json?["key"]?.stringValue)
            var served = 0
            for _ in 0..<50 {
                let status = try await first.post("/v1/chat/completions", json: body, key: secret).status
                if status == 429 { break }
                #expect(status == 200)
                served += 1
            }
            #expect((4...6).contains(served), "served \(served) requests on a budget of five")
            // Spend is synced every 500 ms; 3 s leaves room for a loaded machine (1.5 s failed once
            // with the timing suites running in parallel).
            #expect(try await Self.eventually(within: 3) {
                let refused = try await second.post("/v1/chat/completions", json: body, key: secret)
                return refused.status == 429 && refused.json?["error"]?["code"]?.stringValue == "insufficient_quota"
            })
        }
    }
}
