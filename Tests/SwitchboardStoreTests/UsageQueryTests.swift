import Testing
import Foundation
import SwitchboardCore
@testable import SwitchboardStore

@Suite("Usage queries")
struct UsageQueryTests {
    /// 2026-11-29T13:00:00Z.
    static let t0 = Date(timeIntervalSince1970: 1_795_957_200)

    static func at(minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    /// Five requests over three UTC days, two keys (and one without a key), two channels (and one
    /// rejected before routing), three models.
    static let records = [
        UsageRecord(
            requestID: "req_1", createdAt: at(minutes: 5), keyID: "key_a", endpoint: "chat.completions", model: "gpt-5",
            channel: "openai",
            usage: Usage(promptTokens: 100, completionTokens: 50, cachedTokens: 10, reasoningTokens: 20),
            status: 200, latencyMilliseconds: 100, streamed: false, costUSD: 0.01),
        UsageRecord(
            requestID: "req_2", createdAt: at(minutes: 30), keyID: "key_a", endpoint: "chat.completions", model: "gpt-5",
            channel: "openai", usage: Usage(promptTokens: 200, completionTokens: 100), status: 200,
            latencyMilliseconds: 300, streamed: true, costUSD: 0.02),
        UsageRecord(
            requestID: "req_3", createdAt: at(minutes: 70), keyID: "key_b", endpoint: "messages", model: "claude",
            channel: "anthropic", usage: Usage(promptTokens: 300, completionTokens: 30, cacheWriteTokens: 40),
            status: 200, latencyMilliseconds: 200, streamed: false, costUSD: 0.03),
        UsageRecord(
            requestID: "req_4", createdAt: at(minutes: 24 * 60), keyID: "key_b", endpoint: "chat.completions",
            model: "gpt-5", channel: "openai", status: 429, errorCode: "rate_limit_exceeded", latencyMilliseconds: 50,
            streamed: false),
        UsageRecord(
            requestID: "req_5", createdAt: at(minutes: -14 * 60), keyID: nil, endpoint: "chat.completions",
            model: "unknown", status: 401, errorCode: "invalid_api_key", latencyMilliseconds: 1, streamed: false),
    ]

    static func withRecords(_ backend: StoreBackend, _ body: (SQLStore) async throws -> Void) async throws {
        try await backend.withStore { store in
            try await store.append(records)
            try await body(store)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func noGroupingIsOneTotalRow(_ backend: StoreBackend) async throws {
        try await Self.withRecords(backend) { store in
            let rows = try await store.usageSummary(UsageQuery())
            #expect(rows.count == 1)
            let total = try #require(rows.first)
            #expect(total.group == nil)
            #expect(total.requests == 5)
            #expect(total.failedRequests == 2)
            #expect(total.usage == Usage(
                promptTokens: 600, completionTokens: 180, cachedTokens: 10, cacheWriteTokens: 40, reasoningTokens: 20))
            #expect(total.totalTokens == 780)
            #expect(abs(total.costUSD - 0.06) < 1e-12)
            #expect(abs(total.averageLatencyMilliseconds - 130.2) < 1e-9)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anEmptyLogHasAZeroTotalAndNoGroups(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let total = try await store.usageSummary(UsageQuery())
            #expect(total == [UsageAggregate(
                group: nil, requests: 0, failedRequests: 0, usage: Usage(), costUSD: 0, averageLatencyMilliseconds: 0)])
            let hours = try await store.usageSummary(UsageQuery(groupBy: .hour))
            #expect(hours.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func groupsByKeyWithKeylessRequestsLast(_ backend: StoreBackend) async throws {
        try await Self.withRecords(backend) { store in
            let rows = try await store.usageSummary(UsageQuery(groupBy: .key))
            #expect(rows.map(\.group) == ["key_a", "key_b", nil])
            #expect(rows.map(\.requests) == [2, 2, 1])
            #expect(rows.map(\.failedRequests) == [0, 1, 1])
            #expect(rows.map(\.usage.promptTokens) == [300, 300, 0])
            #expect(rows.map(\.usage.completionTokens) == [150, 30, 0])
            #expect(rows.map(\.totalTokens) == [450, 330, 0])
            #expect(abs(rows[0].costUSD - 0.03) < 1e-12)
            #expect(abs(rows[1].costUSD - 0.03) < 1e-12)
            #expect(rows[2].costUSD == 0)
            #expect(rows.map(\.averageLatencyMilliseconds) == [200, 125, 1])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func groupsByModelAndChannel(_ backend: StoreBackend) async throws {
        try await Self.withRecords(backend) { store in
            let models = try await store.usageSummary(UsageQuery(groupBy: .model))
            #expect(models.map(\.group) == ["claude", "gpt-5", "unknown"])
            #expect(models.map(\.requests) == [1, 3, 1])
            #expect(models.map(\.usage.cacheWriteTokens) == [40, 0, 0])
            #expect(models.map(\.usage.reasoningTokens) == [0, 20, 0])
            #expect(models.map(\.usage.cachedTokens) == [0, 10, 0])

            let channels = try await store.usageSummary(UsageQuery(groupBy: .channel))
            #expect(channels.map(\.group) == ["anthropic", "openai", nil])
            #expect(channels.map(\.requests) == [1, 3, 1])
            #expect(channels.map(\.failedRequests) == [0, 1, 1])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func groupsByUTCDayAndHourOldestFirst(_ backend: StoreBackend) async throws {
        try await Self.withRecords(backend) { store in
            let days = try await store.usageSummary(UsageQuery(groupBy: .day))
            #expect(days.map(\.group) == ["2026-11-28", "2026-11-29", "2026-11-30"])
            #expect(days.map(\.requests) == [1, 3, 1])
            #expect(days.map(\.usage.promptTokens) == [0, 600, 0])
            #expect(abs(days[1].costUSD - 0.06) < 1e-12)

            let hours = try await store.usageSummary(UsageQuery(groupBy: .hour))
            #expect(hours.map(\.group) == [
                "2026-11-28T23:00:00Z", "2026-11-29T13:00:00Z", "2026-11-29T14:00:00Z", "2026-11-30T13:00:00Z",
            ])
            #expect(hours.map(\.requests) == [1, 2, 1, 1])
            #expect(hours.map(\.usage.completionTokens) == [0, 150, 30, 0])
            #expect(hours.map(\.averageLatencyMilliseconds) == [1, 200, 200, 50])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func sinceIsInclusiveAndUntilExclusive(_ backend: StoreBackend) async throws {
        try await Self.withRecords(backend) { store in
            // req_1 at exactly `since` counts; req_2 at exactly `until` does not.
            let window = UsageQuery(since: Self.at(minutes: 5), until: Self.at(minutes: 30))
            let total = try #require(try await store.usageSummary(window).first)
            #expect(total.requests == 1)
            #expect(total.usage.promptTokens == 100)

            let fromT0 = try await store.usageSummary(UsageQuery(groupBy: .day, since: Self.t0))
            #expect(fromT0.map(\.group) == ["2026-11-29", "2026-11-30"])
            #expect(fromT0.map(\.requests) == [3, 1])

            let beforeT0 = try await store.usageSummary(UsageQuery(groupBy: .key, until: Self.t0))
            #expect(beforeT0.map(\.group) == [nil])
            #expect(beforeT0.map(\.requests) == [1])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func filtersByKeyModelAndChannel(_ backend: StoreBackend) async throws {
        try await Self.withRecords(backend) { store in
            let gpt = try await store.usageSummary(UsageQuery(groupBy: .key, model: "gpt-5"))
            #expect(gpt.map(\.group) == ["key_a", "key_b"])
            #expect(gpt.map(\.requests) == [2, 1])

            let keyB = try #require(try await store.usageSummary(UsageQuery(keyID: "key_b", channel: "anthropic")).first)
            #expect(keyB.requests == 1)
            #expect(abs(keyB.costUSD - 0.03) < 1e-12)

            // A filter value is a bound value, never SQL.
            let injected = try #require(try await store.usageSummary(UsageQuery(model: "x' OR '1'='1")).first)
            #expect(injected.requests == 0)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func recordsArePagedNewestFirstByRequestIDCursor(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            // Seven records, three of them in the same millisecond: the cursor must not skip or repeat any.
            let times = [0, 1, 1, 1, 2, 3, 4].map { Self.at(minutes: Double($0)) }
            let records = times.enumerated().map { index, time in
                UsageRecord(
                    requestID: "req_\(index)", createdAt: time, keyID: index == 6 ? "key_b" : "key_a",
                    endpoint: "chat.completions", model: "m", status: 200, latencyMilliseconds: 1, streamed: false)
            }
            try await store.append(records.shuffled())

            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await store.usageRecords(UsageQuery(), limit: 3, before: cursor)
                #expect(page.count <= 3)
                seen += page.map(\.requestID)
                cursor = page.count == 3 ? page.last?.requestID : nil
            } while cursor != nil
            #expect(seen == ["req_6", "req_5", "req_4", "req_3", "req_2", "req_1", "req_0"])

            let keyA = try await store.usageRecords(UsageQuery(keyID: "key_a"), limit: 2, before: "req_3")
            #expect(keyA.map(\.requestID) == ["req_2", "req_1"])
            let window = try await store.usageRecords(
                UsageQuery(since: Self.at(minutes: 1), until: Self.at(minutes: 3)), limit: 10, before: nil)
            #expect(window.map(\.requestID) == ["req_4", "req_3", "req_2", "req_1"])
            #expect(window.first?.createdAt == Self.at(minutes: 2))

            await #expect(throws: UsageQueryError.unknownCursor("req_missing")) {
                try await store.usageRecords(UsageQuery(), limit: 3, before: "req_missing")
            }
        }
    }

    @Test func utcTimestampsFormatBucketsExactly() {
        let ms: Int64 = 1_795_957_200_123
        #expect(UTCTimestamp.day(milliseconds: ms) == "2026-11-29")
        #expect(UTCTimestamp.dateTime(milliseconds: ms) == "2026-11-29T13:00:00Z")
        #expect(UTCTimestamp.dateTime(milliseconds: ms, fractional: true) == "2026-11-29T13:00:00.123Z")
        #expect(UTCTimestamp.dateTime(milliseconds: 0) == "1970-01-01T00:00:00Z")
        #expect(UTCTimestamp.day(milliseconds: 951_782_400_000) == "2000-02-29")
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: 1_795_957_200.123)) == "2026-11-29T13:00:00.123Z")
    }

    @Test func utcTimestampsParseDatesAndISO8601Strictly() {
        let t0 = Self.t0.timeIntervalSince1970
        #expect(UTCTimestamp.parse("2026-11-29")?.timeIntervalSince1970 == t0 - 13 * 3600)
        #expect(UTCTimestamp.parse("2026-11-29T13:00:00Z")?.timeIntervalSince1970 == t0)
        #expect(UTCTimestamp.parse("2026-11-29T13:00:00.250Z")?.timeIntervalSince1970 == t0 + 0.25)
        #expect(UTCTimestamp.parse("2026-11-29T15:30:00+02:30")?.timeIntervalSince1970 == t0)
        #expect(UTCTimestamp.parse("2026-11-29T08:00:00-05:00")?.timeIntervalSince1970 == t0)
        #expect(UTCTimestamp.parse("2026-11-29T13:00Z")?.timeIntervalSince1970 == t0)
        #expect(UTCTimestamp.parse("2026-11-29T13:00:00")?.timeIntervalSince1970 == t0)
        #expect(UTCTimestamp.parse("2024-02-29") != nil)
        for bad in [
            "", "yesterday", "2026-02-30", "2025-02-29", "2026-13-01", "2026-11-29T24:00:00Z", "2026-11-29T13:00:00Zjunk",
            "2026-11-29T13:00:00.Z", "26-11-29", "2026/11/29", "2026-11-29T13", "2026-11-29T13:00:00+2",
        ] {
            #expect(UTCTimestamp.parse(bad) == nil, "\(bad)")
        }
    }
}
