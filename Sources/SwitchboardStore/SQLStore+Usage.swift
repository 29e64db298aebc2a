import SQLKit
import SwitchboardCore
import Foundation

extension SQLStore {
    struct UsageRow: Decodable {
        var request_id: String
        var created_at: Int64
        var key_id: String?
        var endpoint: String
        var model: String
        var upstream_model: String?
        var channel: String?
        var prompt_tokens: Int
        var completion_tokens: Int
        var cached_tokens: Int
        var cache_write_tokens: Int
        var reasoning_tokens: Int
        var status: Int
        var error_code: String?
        var latency_ms: Double
        var ttft_ms: Double?
        var streamed: Int
        var cancelled: Int
        var cost_usd: Double
        var images: Int
        var audio_seconds: Double
        var characters: Int

        var record: UsageRecord {
            UsageRecord(
                requestID: request_id, createdAt: Date(milliseconds: created_at), keyID: key_id, endpoint: endpoint,
                model: model, upstreamModel: upstream_model, channel: channel,
                usage: Usage(
                    promptTokens: prompt_tokens, completionTokens: completion_tokens, cachedTokens: cached_tokens,
                    cacheWriteTokens: cache_write_tokens, reasoningTokens: reasoning_tokens, images: images,
                    audioSeconds: audio_seconds, characters: characters),
                status: status, errorCode: error_code, latencyMilliseconds: latency_ms,
                timeToFirstTokenMilliseconds: ttft_ms, streamed: streamed != 0, cancelled: cancelled != 0,
                costUSD: cost_usd)
        }
    }

    /// Each usage column with the record field it holds: the one place that pairs them, so a
    /// column cannot drift away from its value. Both write paths and the reads follow this order.
    static let usageFields: [(column: String, value: @Sendable (UsageRecord) -> UsageValue)] = [
        ("request_id", { .text($0.requestID) }),
        ("created_at", { .integer(Int($0.createdAt.milliseconds)) }),
        ("key_id", { .text($0.keyID) }),
        ("endpoint", { .text($0.endpoint) }),
        ("model", { .text($0.model) }),
        ("upstream_model", { .text($0.upstreamModel) }),
        ("channel", { .text($0.channel) }),
        ("prompt_tokens", { .integer($0.usage.promptTokens) }),
        ("completion_tokens", { .integer($0.usage.completionTokens) }),
        ("cached_tokens", { .integer($0.usage.cachedTokens) }),
        ("cache_write_tokens", { .integer($0.usage.cacheWriteTokens) }),
        ("reasoning_tokens", { .integer($0.usage.reasoningTokens) }),
        ("status", { .integer($0.status) }),
        ("error_code", { .text($0.errorCode) }),
        ("latency_ms", { .real($0.latencyMilliseconds) }),
        ("ttft_ms", { .real($0.timeToFirstTokenMilliseconds) }),
        ("streamed", { .integer($0.streamed ? 1 : 0) }),
        ("cancelled", { .integer($0.cancelled ? 1 : 0) }),
        ("cost_usd", { .real($0.costUSD) }),
        ("images", { .integer($0.usage.images) }),
        ("audio_seconds", { .real($0.usage.audioSeconds) }),
        ("characters", { .integer($0.usage.characters) }),
    ]

    static let usageColumns = usageFields.map(\.column)

    /// Rows per INSERT (22 binds each, well under SQLite's and PostgreSQL's bind limits).
    static let usageRowsPerStatement = 200

    /// Writes a batch in multi-row inserts (binds, no reflection); a record already written (same
    /// request id) is skipped.
    public func append(_ records: [UsageRecord]) async throws {
        guard !records.isEmpty else { return }
        if let sqliteUsage {
            return try await sqliteUsage(records)
        }
        for start in stride(from: 0, to: records.count, by: Self.usageRowsPerStatement) {
            let insert = database.insert(into: "usage_records").columns(Self.usageColumns)
            for record in records[start..<min(start + Self.usageRowsPerStatement, records.count)] {
                insert.values(Self.binds(for: record))
            }
            try await insert.ignoringConflicts(with: ["request_id"]).run()
        }
    }

    private static func binds(for record: UsageRecord) -> [any SQLExpression] {
        var binds: [any SQLExpression] = []
        binds.reserveCapacity(usageColumns.count)
        forEachUsageValue(of: record) { value in
            switch value {
            case .text(let text): binds.append(SQLBind(text))
            case .integer(let integer): binds.append(SQLBind(integer))
            case .real(let real): binds.append(SQLBind(real))
            }
        }
        return binds
    }

    /// A usage column's value, as both the SQLKit and the SQLite write paths bind it.
    enum UsageValue {
        case text(String?)
        case integer(Int)
        case real(Double?)
    }

    /// A record's values in ``usageColumns`` order.
    static func forEachUsageValue(of record: UsageRecord, _ visit: (UsageValue) -> Void) {
        for field in usageFields { visit(field.value(record)) }
    }

    public func recentUsage(limit: Int) async throws -> [UsageRecord] {
        try await database.select().columns("*").from("usage_records")
            .orderBy("created_at", .descending).limit(limit)
            .all(decoding: UsageRow.self).map(\.record)
    }
}
