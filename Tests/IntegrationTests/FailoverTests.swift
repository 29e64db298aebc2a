import Testing
import Foundation
import SwitchboardCore
import SwitchboardProviders
import SwitchboardServer
import SwitchboardStore
import SwitchboardTesting

/// Retries and fallbacks over loopback: a retriable failure before any byte reached the client moves
/// to the next channel (or fallback model); a client error does not; one usage record per request.
@Suite("Failover")
struct FailoverTests {
    /// Channels `first` (priority 0) and `second` (priority 1) both serve `dual`, `solo` and
    /// `client-error`, each mapped to a scenario of the test upstream.
    static func run(
        first: [String: String], second: [String: String], retries: RetryPolicy = RetryPolicy(attempts: 1),
        fallbacks: [String: [String]] = [:],
        _ body: @Sendable (GatewayHarness, TestUpstream) async throws -> Void
    ) async throws {
        try await Stack.runTwoChannels(
            first: first, second: second, retries: retries, customize: { $0.fallbacks = fallbacks }, body)
    }

    static func records(_ gateway: GatewayHarness) async throws -> [UsageRecord] {
        await gateway.gateway.recorder.flush()
        return try await gateway.gateway.store.recentUsage(limit: 100)
    }

    @Test(arguments: ["fault:status-500", "fault:status-503", "fault:status-429", "fault:bad-json", "fault:stall-5"])
    func aRetriableFailureMovesToTheNextChannel(_ fault: String) async throws {
        try await Self.run(first: ["dual": fault], second: ["dual": "gpt-4o-mini"]) { gateway, upstream in
            for stream in [false, true] {
                let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("dual", stream: stream))
                #expect(answer.status == 200, "\(fault) stream=\(stream): \(answer.text.prefix(300))")
                #expect(answer.json?["model"]?.stringValue == "dual" || stream)
            }
            let records = try await Self.records(gateway)
            #expect(records.count == 2, "one record per request, not per attempt")
            #expect(records.allSatisfy { $0.channel == "second" && $0.status == 200 })
            let seen = Stack.requests(to: upstream, model: fault)
            #expect(seen == 2)
        }
    }

    @Test func aChannelThatKeepsFailingIsSkippedOnceItsBreakerOpens() async throws {
        try await Self.run(first: ["dual": "fault:status-500"], second: ["dual": "gpt-4o-mini"]) { gateway, upstream in
            for _ in 0..<8 {
                let status = try await gateway.post("/v1/chat/completions", json: Stack.chat("dual")).status
                #expect(status == 200)
            }
            let tried = Stack.requests(to: upstream, model: "fault:status-500")
            #expect(tried == 5, "the breaker opens after 5 failures in a row; later requests go straight to the next channel")
            let shown = try await gateway.send(.GET, "/admin/v1/channels/config:first", key: GatewayHarness.adminKey)
            #expect(shown.json?["health"]?["state"]?.stringValue == "open")
        }
    }

    @Test func anUpstreamAuthFailureDisablesTheChannel() async throws {
        try await Self.run(first: ["dual": "fault:status-401"], second: ["dual": "gpt-4o-mini"]) { gateway, upstream in
            let first = try await gateway.post("/v1/chat/completions", json: Stack.chat("dual"))
            #expect(first.status == 401, "a 401 is not retried: it goes to the client as is")
            let second = try await gateway.post("/v1/chat/completions", json: Stack.chat("dual"))
            #expect(second.status == 200, "the channel is disabled, so the next channel serves")
            let tried = Stack.requests(to: upstream, model: "fault:status-401")
            #expect(tried == 1)
            let shown = try await gateway.send(.GET, "/admin/v1/channels/config:first", key: GatewayHarness.adminKey)
            #expect(shown.json?["health"]?["state"]?.stringValue == "disabled")
        }
    }

    @Test func aClientErrorIsNotRetried() async throws {
        try await Self.run(
            first: ["dual": "fixture:chat-error-400-unsupported-parameter"], second: ["dual": "gpt-4o-mini"]
        ) { gateway, upstream in
            let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("dual"))
            #expect(answer.status == 400)
            let seen = Stack.requests(to: upstream, model: "gpt-4o-mini")
            #expect(seen == 0)
            #expect(try await Self.records(gateway).first?.channel == "first")
        }
    }

    @Test func whenEveryChannelFailsTheClientGetsTheLastErrorAndOneRecord() async throws {
        try await Self.run(first: ["dual": "fault:status-500"], second: ["dual": "fault:status-503"]) { gateway, _ in
            let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("dual"))
            #expect(answer.status == 503)
            let records = try await Self.records(gateway)
            #expect(records.count == 1)
            #expect(records.first?.status == 503)
            #expect(records.first?.channel == "second")
        }
    }

    @Test func theSameChannelIsRetriedWithBackoffUpToTheAttempts() async throws {
        try await Self.run(
            first: ["solo": "fault:status-502"], second: [:],
            retries: RetryPolicy(attempts: 3, backoff: .milliseconds(10))
        ) { gateway, upstream in
            let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("solo"))
            #expect(answer.status == 502)
            let seen = Stack.requests(to: upstream, model: "fault:status-502")
            #expect(seen == 3)
        }
    }

    @Test func aRetryAfterLongerThanTheLimitIsNotWaitedFor() async throws {
        try await Self.run(
            first: ["solo": "fault:status-429"], second: [:],
            retries: RetryPolicy(attempts: 3, backoff: .milliseconds(10), maxRetryAfter: .seconds(1))
        ) { gateway, upstream in
            let started = ContinuousClock.now
            let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("solo"))
            #expect(answer.status == 429)
            #expect(answer.headers.first(name: "retry-after") == "7")
            #expect(ContinuousClock.now - started < .seconds(5), "not the 7 s the upstream asked for")
            let seen = Stack.requests(to: upstream, model: "fault:status-429")
            #expect(seen == 1)
        }
    }

    @Test func fallbackModelsAreTriedWhenEveryChannelOfTheModelFailed() async throws {
        try await Self.run(
            first: ["primary": "fault:status-500"], second: [:], fallbacks: ["primary": ["unreachable", "mock-1"]]
        ) { gateway, _ in
            for stream in [false, true] {
                let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("primary", stream: stream))
                #expect(answer.status == 200, "\(answer.text.prefix(300))")
            }
            let records = try await Self.records(gateway)
            #expect(records.count == 2)
            #expect(records.allSatisfy { $0.channel == "mock" && $0.model == "primary" })
            #expect(records.allSatisfy { $0.costUSD > 0 }, "priced as the model that served it")
        }
    }

    @Test func fallbacksTheKeyMayNotUseAreSkipped() async throws {
        try await Self.run(first: ["primary": "fault:status-500"], second: [:], fallbacks: ["primary": ["gpt-4o-mini"]]) { gateway, _ in
            let created = try await gateway.post(
                "/admin/v1/keys", json: ["name": "narrow", "models": ["primary"]], key: GatewayHarness.adminKey)
            let secret = try #require(created.json?["key"]?.stringValue)
            let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("primary"), key: secret)
            #expect(answer.status == 500)
        }
    }

    @Test func aSessionSticksToOneChannel() async throws {
        try await Stack.run(customize: { configuration in
            let upstream = configuration.channels.first { $0.name == "upstream" }!.baseURL
            for name in ["a", "b", "c", "d"] {
                configuration.channels.append(ChannelConfiguration(
                    name: "sticky-\(name)", provider: .openaiCompatible, baseURL: upstream,
                    modelMap: ["sticky": "gpt-4o-mini"], headers: ["x-channel": name]))
            }
        }) { gateway, upstream in
            for session in ["alice", "bob", "carol"] {
                var seen = Set<String>()
                for _ in 0..<6 {
                    let body = Stack.chat("sticky", extra: ["prompt_cache_key": .string(session)])
                    let status = try await gateway.post("/v1/chat/completions", json: body).status
                    #expect(status == 200)
                    seen.insert(upstream.requests.last?.headers["x-channel"] ?? "?")
                }
                #expect(seen.count == 1, "session \(session) went to \(seen)")
            }
            var spread = Set<String>()
            for _ in 0..<24 {
                let status = try await gateway.post("/v1/chat/completions", json: Stack.chat("sticky")).status
                #expect(status == 200)
                spread.insert(upstream.requests.last?.headers["x-channel"] ?? "?")
            }
            #expect(spread.count > 1, "requests without a session are spread by weight")
        }
    }

    /// Every channel of the model has an open breaker: the 503 comes at once. The breaker's own
    /// "retry in 1 s" used to be honoured as a backoff before trying the same channel again, so a
    /// request waited 1 s per remaining retry (2 s with three attempts) for the same 503.
    @Test func anOpenBreakerAnswersAtOnceInsteadOfWaitingOutTheRetries() async throws {
        try await Stack.runTwoChannels(
            first: ["down": "fault:status-500"], second: [:], retries: RetryPolicy(attempts: 3),
            customize: { $0.breakers = BreakerPolicy(consecutiveFailures: 1, cooldown: .seconds(60)) }
        ) { harness, upstream in
            let opening = try await harness.post("/v1/chat/completions", json: Stack.chat("down"))
            #expect(opening.status >= 500)
            let calls = Stack.requests(to: upstream, model: "fault:status-500")
            #expect(calls == 1, "the breaker opened on the first failure")
            let started = ContinuousClock.now
            let rejected = try await harness.post("/v1/chat/completions", json: Stack.chat("down"))
            let waited = ContinuousClock.now - started
            #expect(rejected.status == 503)
            #expect(waited < .seconds(1), "answered after \(waited); the old code slept 2 s")
            #expect(Stack.requests(to: upstream, model: "fault:status-500") == calls)
        }
    }
}
