import Testing
import Foundation
import NIOHTTP1
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import SwitchboardTesting

/// Rate limits, concurrency limits and budgets as a client meets them over loopback: 429s in each
/// endpoint's envelope with OpenAI's or Anthropic's headers, and no over-spend under concurrency.
@Suite("Limits and budgets")
struct LimitsAndBudgetTests {
    static let admin = GatewayHarness.adminKey

    static func createKey(_ gateway: GatewayHarness, _ body: JSONValue) async throws -> (id: String, secret: String) {
        let created = try await gateway.post("/admin/v1/keys", json: body, key: admin)
        #expect(created.status == 201, "\(created.text)")
        return (try #require(created.json?["id"]?.stringValue), try #require(created.json?["key"]?.stringValue))
    }

    @Test func requestsPerMinuteAreLimitedWithOpenAIHeaders() async throws {
        try await Stack.run { gateway, _ in
            let key = try await Self.createKey(gateway, ["name": "rpm", "rpm": 3])
            var statuses: [Int] = []
            var last: GatewayHarness.Exchange?
            for _ in 0..<4 {
                let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: key.secret)
                statuses.append(answer.status)
                last = answer
            }
            #expect(statuses == [200, 200, 200, 429])
            let rejected = try #require(last)
            #expect(rejected.json?["error"]?["type"]?.stringValue == "rate_limit_error")
            #expect(rejected.json?["error"]?["code"]?.stringValue == "rate_limit_exceeded")
            #expect(Int(rejected.headers.first(name: "retry-after") ?? "") ?? 0 >= 1)
            #expect(rejected.headers.first(name: "x-ratelimit-limit-requests") == "3")
            #expect(rejected.headers.first(name: "x-ratelimit-remaining-requests") == "0")
            #expect(rejected.headers.first(name: "x-ratelimit-reset-requests") != nil)
        }
    }

    @Test func perModelLimitsApplyOnTopOfTheKeys() async throws {
        try await Stack.run { gateway, _ in
            let key = try await Self.createKey(gateway, ["name": "per-model", "rpm": 100, "model_limits": ["mock-*": ["rpm": 1]]])
            #expect(try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: key.secret).status == 200)
            let limited = try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: key.secret)
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "x-ratelimit-limit-requests") == "1")
            #expect(try await gateway.post("/v1/chat/completions", json: Stack.chat("gpt-4o-mini"), key: key.secret).status == 200)
            let shown = try await gateway.send(.GET, "/admin/v1/keys/\(key.id)", key: Self.admin)
            #expect(shown.json?["model_limits"]?["mock-*"]?["rpm"]?.intValue == 1)
        }
    }

    @Test func successfulAnswersCarryTheRemainingQuota() async throws {
        try await Stack.run { gateway, _ in
            let key = try await Self.createKey(gateway, ["name": "quota", "rpm": 10, "tpm": 100_000])
            let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: key.secret)
            #expect(answer.status == 200)
            #expect(answer.headers.first(name: "x-ratelimit-limit-requests") == "10")
            #expect(answer.headers.first(name: "x-ratelimit-remaining-requests") == "9")
            #expect(answer.headers.first(name: "x-ratelimit-limit-tokens") == "100000")
        }
    }

    @Test func theAnthropicEndpointAnswersInItsOwnEnvelopeAndHeaders() async throws {
        try await Stack.run { gateway, _ in
            let key = try await Self.createKey(gateway, ["name": "claude", "rpm": 1])
            let body: JSONValue = [
                "model": "mock-1", "max_tokens": 64, "messages": [["role": "user", "content": "Hello"]],
            ]
            #expect(try await gateway.post("/v1/messages", json: body, key: key.secret).status == 200)
            let rejected = try await gateway.post("/v1/messages", json: body, key: key.secret)
            #expect(rejected.status == 429)
            #expect(rejected.json?["type"]?.stringValue == "error")
            #expect(rejected.json?["error"]?["type"]?.stringValue == "rate_limit_error")
            #expect(rejected.headers.first(name: "anthropic-ratelimit-requests-limit") == "1")
            #expect(rejected.headers.first(name: "anthropic-ratelimit-requests-remaining") == "0")
            #expect(rejected.headers.first(name: "retry-after") != nil)
        }
    }

    @Test func concurrencyIsLimitedWhileAStreamIsOpen() async throws {
        try await Stack.run { gateway, _ in
            let key = try await Self.createKey(gateway, ["name": "one-at-a-time", "max_concurrency": 1])
            let slow = Task { try await gateway.stream("/v1/chat/completions", json: Stack.chat("slow", stream: true), key: key.secret) }
            try await Task.sleep(for: .milliseconds(400))
            let second = try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: key.secret)
            #expect(second.status == 429)
            #expect(second.json?["error"]?["code"]?.stringValue == "rate_limit_exceeded")
            slow.cancel()
            _ = try? await slow.value
            var admitted = false
            for _ in 0..<40 where !admitted {
                try await Task.sleep(for: .milliseconds(100))
                admitted = try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: key.secret).status == 200
            }
            #expect(admitted, "the slot is given back when the stream ends")
        }
    }

    @Test func everyRecordCarriesItsCost() async throws {
        try await Stack.run { gateway, _ in
            #expect(try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1")).status == 200)
            _ = try await gateway.stream("/v1/chat/completions", json: Stack.chat("mock-1", stream: true))
            await gateway.gateway.recorder.flush()
            let records = try await gateway.gateway.store.recentUsage(limit: 10)
            #expect(records.count == 2)
            for record in records {
                let expected = PriceTable.shipped.cost(of: record.usage, model: "mock-1")
                #expect(record.costUSD > 0)
                #expect(abs(record.costUSD - expected) < 1e-12)
            }
            #expect(records[0].usage == records[1].usage, "streamed and not streamed cost the same for the same tokens")
        }
    }

    /// 200 requests at once against a budget that covers about 50: the spend never passes the
    /// budget by more than one request's reservation, and the key is refused once it is spent.
    @Test func aBudgetHoldsUnderTwoHundredConcurrentRequests() async throws {
        try await Stack.run { gateway, _ in
            let body = Stack.chat("mock-1", extra: ["max_tokens": 40])
            // One request's real cost, measured on a key without a budget.
            #expect(try await gateway.post("/v1/chat/completions", json: body).status == 200)
            await gateway.gateway.recorder.flush()
            let unit = try #require(try await gateway.gateway.store.recentUsage(limit: 1).first?.costUSD)
            let budget = unit * 50
            let key = try await Self.createKey(gateway, ["name": "budget", "budget_usd": .double(budget)])
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<200 {
                    group.addTask { try await gateway.post("/v1/chat/completions", json: body, key: key.secret).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            await gateway.gateway.recorder.flush()
            let records = try await gateway.gateway.store.recentUsage(limit: 1000).filter { $0.keyID == key.id }
            let spent = records.reduce(0) { $0 + $1.costUSD }
            let succeeded = statuses.filter { $0 == 200 }.count
            let refused = statuses.filter { $0 == 429 }.count
            // The largest reservation: the body's bytes / 4 as prompt tokens and max_tokens as output, at mock-1's price.
            let reservation = PriceTable.shipped.cost(
                of: Usage(promptTokens: JSON.serialize(body).count / 4, completionTokens: 40), model: "mock-1")
            #expect(succeeded + refused == 200)
            #expect(succeeded > 0 && refused > 0)
            #expect(spent <= budget + reservation + 1e-12, "spent \(spent) of \(budget) (+\(reservation))")
            #expect(gateway.gateway.budgets.spent(keyID: key.id) == spent || abs(gateway.gateway.budgets.spent(keyID: key.id) - spent) < 1e-9)
            let after = try await gateway.post("/v1/chat/completions", json: body, key: key.secret)
            #expect(after.status == 429)
            #expect(after.json?["error"]?["type"]?.stringValue == "insufficient_quota")
            #expect(after.json?["error"]?["code"]?.stringValue == "insufficient_quota")
        }
    }
}
