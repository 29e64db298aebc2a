import Testing
import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardStore
@testable import SwitchboardServer

@Suite("Admin usage API")
struct AdminUsageControllerTests {
    /// 2026-11-29T13:00:00Z.
    static let t0 = Date(timeIntervalSince1970: 1_795_957_200)

    static let records = [
        UsageRecord(
            requestID: "req_1", createdAt: t0.addingTimeInterval(60), keyID: "key_a", endpoint: "chat.completions",
            model: "gpt-5", upstreamModel: "gpt-5-2025-08-07", channel: "openai",
            usage: Usage(promptTokens: 100, completionTokens: 50, cachedTokens: 10, reasoningTokens: 20),
            status: 200, latencyMilliseconds: 120, timeToFirstTokenMilliseconds: 40.5, streamed: true, costUSD: 0.0015),
        UsageRecord(
            requestID: "req_2", createdAt: t0.addingTimeInterval(3600 + 0.25), keyID: "key_b", endpoint: "messages",
            model: "claude, \"sonnet\"", channel: "anthropic",
            usage: Usage(promptTokens: 300, completionTokens: 30, cacheWriteTokens: 40), status: 200,
            latencyMilliseconds: 80, streamed: false, costUSD: 0.25),
        UsageRecord(
            requestID: "req_3", createdAt: t0.addingTimeInterval(7200), keyID: nil, endpoint: "chat.completions",
            model: "=HYPERLINK(\"x\")", status: 401, errorCode: "invalid_api_key", latencyMilliseconds: 1,
            streamed: false, cancelled: true),
    ]

    /// The controller mounted the way the gateway mounts it, behind the error middleware.
    static func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let store = try await SQLStore.open(.sqliteMemory)
        do {
            try await store.append(records)
            let router = Router(context: SwitchboardRequestContext.self)
            router.add(middleware: ErrorMiddleware())
            AdminUsageController(store: store).addRoutes(to: router.group("admin/v1"))
            try await Application(router: router).test(.router, body)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    static func json(_ response: TestResponse) throws -> JSONValue {
        try JSON.parse(Array(response.body.readableBytesView))
    }

    static func text(_ response: TestResponse) -> String {
        String(decoding: response.body.readableBytesView, as: UTF8.self)
    }

    @Test func summaryIsAListOfAggregatesWithEveryField() async throws {
        try await Self.withApp { client in
            try await client.execute(uri: "/admin/v1/usage?group_by=key", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let body = try Self.json(response)
                #expect(body["object"] == .string("list"))
                let rows = try #require(body["data"]?.arrayValue)
                #expect(rows.map { $0["group"] } == [.string("key_a"), .string("key_b"), .null])
                let first = try #require(rows.first?.objectValue)
                #expect(first.keys == [
                    "group", "requests", "failed_requests", "prompt_tokens", "completion_tokens", "cached_tokens",
                    "cache_write_tokens", "reasoning_tokens", "total_tokens", "cost_usd", "avg_latency_ms",
                ])
                #expect(first["requests"]?.intValue == 1)
                #expect(first["failed_requests"]?.intValue == 0)
                #expect(first["prompt_tokens"]?.intValue == 100)
                #expect(first["completion_tokens"]?.intValue == 50)
                #expect(first["cached_tokens"]?.intValue == 10)
                #expect(first["reasoning_tokens"]?.intValue == 20)
                #expect(first["total_tokens"]?.intValue == 150)
                #expect(first["cost_usd"]?.doubleValue == 0.0015)
                #expect(first["avg_latency_ms"]?.doubleValue == 120)
                #expect(rows[2]["failed_requests"]?.intValue == 1)
            }
            try await client.execute(uri: "/admin/v1/usage", method: .get) { response in
                let rows = try #require(try Self.json(response)["data"]?.arrayValue)
                #expect(rows.count == 1)
                #expect(rows.first?["group"] == .null)
                #expect(rows.first?["requests"]?.intValue == 3)
                #expect(rows.first?["cache_write_tokens"]?.intValue == 40)
            }
        }
    }

    @Test func summaryHonoursTheWindowAndFilters() async throws {
        try await Self.withApp { client in
            let window = "since=2026-11-29T13:00:00Z&until=2026-11-29T15:00:00.000Z"
            try await client.execute(uri: "/admin/v1/usage?group_by=hour&\(window)", method: .get) { response in
                let rows = try #require(try Self.json(response)["data"]?.arrayValue)
                #expect(rows.map { $0["group"]?.stringValue } == ["2026-11-29T13:00:00Z", "2026-11-29T14:00:00Z"])
            }
            try await client.execute(uri: "/admin/v1/usage?group_by=day&since=2026-11-29&until=2026-11-30", method: .get) {
                response in
                let rows = try #require(try Self.json(response)["data"]?.arrayValue)
                #expect(rows.map { $0["group"]?.stringValue } == ["2026-11-29"])
                #expect(rows.first?["requests"]?.intValue == 3)
            }
            try await client.execute(uri: "/admin/v1/usage?group_by=model&channel=anthropic", method: .get) { response in
                let rows = try #require(try Self.json(response)["data"]?.arrayValue)
                #expect(rows.map { $0["group"]?.stringValue } == ["claude, \"sonnet\""])
            }
            try await client.execute(uri: "/admin/v1/usage?key_id=key_a&model=gpt-5", method: .get) { response in
                let body = try Self.json(response)
                #expect(body["data"]?.arrayValue?.first?["requests"]?.intValue == 1)
            }
        }
    }

    @Test func csvHasAHeaderAndQuotesPerRFC4180() async throws {
        try await Self.withApp { client in
            try await client.execute(uri: "/admin/v1/usage.csv?group_by=model", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(Self.text(response) == [
                    "group,requests,failed_requests,prompt_tokens,completion_tokens,cached_tokens,cache_write_tokens,"
                        + "reasoning_tokens,total_tokens,cost_usd,avg_latency_ms",
                    #""'=HYPERLINK(""x"")",1,1,0,0,0,0,0,0,0,1"#,
                    #""claude, ""sonnet""",1,0,300,30,0,40,0,330,0.25,80"#,
                    "gpt-5,1,0,100,50,10,0,20,150,0.0015,120",
                ].map { $0 + "\r\n" }.joined())
            }
            try await client.execute(uri: "/admin/v1/usage.csv", method: .get) { response in
                let lines = Self.text(response).split(separator: "\r\n")
                #expect(lines.count == 2)
                #expect(lines.last == ",3,1,400,80,10,40,20,480,0.2515,67")
            }
        }
    }

    @Test func recordsArePagedNewestFirstWithHasMore() async throws {
        try await Self.withApp { client in
            try await client.execute(uri: "/admin/v1/usage/records?limit=2", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                #expect(body["object"] == .string("list"))
                #expect(body["has_more"] == .bool(true))
                #expect(body["last_id"] == .string("req_2"))
                let rows = try #require(body["data"]?.arrayValue)
                #expect(rows.map { $0["request_id"]?.stringValue } == ["req_3", "req_2"])
                let keyless = try #require(rows.first)
                #expect(keyless["key_id"] == .null)
                #expect(keyless["channel"] == .null)
                #expect(keyless["status"]?.intValue == 401)
                #expect(keyless["error_code"] == .string("invalid_api_key"))
                #expect(keyless["cancelled"] == .bool(true))
                #expect(rows[1]["created_at"] == .string("2026-11-29T14:00:00.250Z"))
            }
            try await client.execute(uri: "/admin/v1/usage/records?limit=2&before=req_2", method: .get) { response in
                let body = try Self.json(response)
                #expect(body["has_more"] == .bool(false))
                let record = try #require(body["data"]?.arrayValue?.first?.objectValue)
                #expect(record.keys == [
                    "request_id", "created_at", "key_id", "endpoint", "model", "upstream_model", "channel",
                    "prompt_tokens", "completion_tokens", "cached_tokens", "cache_write_tokens", "reasoning_tokens",
                    "total_tokens", "images", "audio_seconds", "characters", "status", "error_code", "latency_ms", "ttft_ms",
                    "streamed", "cancelled", "cost_usd",
                ])
                #expect(record["request_id"] == .string("req_1"))
                #expect(record["created_at"] == .string("2026-11-29T13:01:00.000Z"))
                #expect(record["upstream_model"] == .string("gpt-5-2025-08-07"))
                #expect(record["ttft_ms"]?.doubleValue == 40.5)
                #expect(record["streamed"] == .bool(true))
                #expect(record["cost_usd"]?.doubleValue == 0.0015)
            }
            try await client.execute(uri: "/admin/v1/usage/records?model=gpt-5", method: .get) { response in
                let body = try Self.json(response)
                #expect(body["data"]?.arrayValue?.count == 1)
                #expect(body["has_more"] == .bool(false))
            }
        }
    }

    @Test(arguments: [
        ("/admin/v1/usage?group_by=week", "group_by"),
        ("/admin/v1/usage.csv?group_by=KEY", "group_by"),
        ("/admin/v1/usage?since=yesterday", "since"),
        ("/admin/v1/usage?until=2026-02-30", "until"),
        ("/admin/v1/usage?since=2026-11-30&until=2026-11-29", "until"),
        ("/admin/v1/usage/records?limit=0", "limit"),
        ("/admin/v1/usage/records?limit=1001", "limit"),
        ("/admin/v1/usage/records?limit=ten", "limit"),
        ("/admin/v1/usage/records?before=req_missing", "before"),
        ("/admin/v1/usage/records?since=2026-11-29T13:00:00Zjunk", "since"),
    ])
    func badParametersAre400sNamingTheParameter(_ uri: String, _ parameter: String) async throws {
        try await Self.withApp { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try Self.json(response)["error"]?.objectValue)
                #expect(error.keys == ["message", "type", "param", "code"])
                #expect(error["type"] == .string("invalid_request_error"))
                #expect(error["code"] == .string("invalid_request"))
                #expect(error["param"] == .string(parameter))
                #expect(error["message"]?.stringValue?.contains("'\(parameter)'") == true)
            }
        }
    }

    @Test func tableAlignsColumnsForTheCLI() {
        let aggregates = [
            UsageAggregate(
                group: "gpt-5", requests: 12, failedRequests: 1, usage: Usage(promptTokens: 1000, completionTokens: 250),
                costUSD: 0.0123456789, averageLatencyMilliseconds: 812.34),
            UsageAggregate(
                group: nil, requests: 3, failedRequests: 3, usage: Usage(), costUSD: 0, averageLatencyMilliseconds: 2),
            UsageAggregate(
                group: "evil\u{1B}[2J", requests: 1, failedRequests: 0, usage: Usage(), costUSD: 0,
                averageLatencyMilliseconds: 0),
        ]
        #expect(UsageTable.render(aggregates, groupedBy: .model) == [
            "MODEL     REQUESTS  FAILED  PROMPT  COMPLETION  CACHED  CACHE_WRITE  REASONING  TOTAL_TOKENS  COST_USD  AVG_LATENCY_MS",
            "gpt-5           12       1    1000         250       0            0          0          1250  0.012346           812.3",
            "-                3       3       0           0       0            0          0             0         0               2",
            "evil?[2J         1       0       0           0       0            0          0             0         0               0",
        ].map { $0 + "\n" }.joined())
        let lines = UsageTable.render(aggregates, groupedBy: .model).split(separator: "\n")
        #expect(Set(lines.map(\.count)).count == 1)
        #expect(UsageTable.render([aggregates[1]], groupedBy: nil).split(separator: "\n")[1].hasPrefix("all  "))
    }
}
