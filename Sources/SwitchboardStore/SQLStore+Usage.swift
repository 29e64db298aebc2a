import SQLKit
import SwitchboardCore
import Foundation

extension SQLStore {
    struct UsageRow: Codable {
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

        init(_ record: UsageRecord) {
            request_id = record.requestID
            created_at = record.createdAt.milliseconds
            key_id = record.keyID
            endpoint = record.endpoint
            model = record.model
            upstream_model = record.upstreamModel
            channel = record.channel
            prompt_tokens = record.usage.promptTokens
            completion_tokens = record.usage.completionTokens
            cached_tokens = record.usage.cachedTokens
            cache_write_tokens = record.usage.cacheWriteTokens
            reasoning_tokens = record.usage.reasoningTokens
            status = record.status
            error_code = record.errorCode
            latency_ms = record.latencyMilliseconds
            ttft_ms = record.timeToFirstTokenMilliseconds
            streamed = record.streamed ? 1 : 0
            cancelled = record.cancelled ? 1 : 0
        }

        var record: UsageRecord {
            UsageRecord(
                requestID: request_id, createdAt: Date(milliseconds: created_at), keyID: key_id, endpoint: endpoint,
                model: model, upstreamModel: upstream_model, channel: channel,
                usage: Usage(
                    promptTokens: prompt_tokens, completionTokens: completion_tokens, cachedTokens: cached_tokens,
                    cacheWriteTokens: cache_write_tokens, reasoningTokens: reasoning_tokens),
                status: status, errorCode: error_code, latencyMilliseconds: latency_ms,
                timeToFirstTokenMilliseconds: ttft_ms, streamed: streamed != 0, cancelled: cancelled != 0)
        }
    }

    /// Writes a batch in one multi-row insert; a record already written (same request id) is skipped.
    public func append(_ records: [UsageRecord]) async throws {
        guard !records.isEmpty else { return }
        for batch in stride(from: 0, to: records.count, by: 200).map({ Array(records[$0..<min($0 + 200, records.count)]) }) {
            try await database.insert(into: "usage_records")
                .models(batch.map(UsageRow.init), nilEncodingStrategy: .asNil)
                .ignoringConflicts(with: ["request_id"])
                .run()
        }
    }

    public func recentUsage(limit: Int) async throws -> [UsageRecord] {
        try await database.select().columns("*").from("usage_records")
            .orderBy("created_at", .descending).limit(limit)
            .all(decoding: UsageRow.self).map(\.record)
    }
}
