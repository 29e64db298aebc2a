import SwitchboardCore
import SwitchboardStore

extension UsageAggregate {
    /// A row of `GET /admin/v1/usage`.
    var json: JSONValue {
        .object([
            "group": group.map(JSONValue.string) ?? .null,
            "requests": .int(requests),
            "failed_requests": .int(failedRequests),
            "prompt_tokens": .int(usage.promptTokens),
            "completion_tokens": .int(usage.completionTokens),
            "cached_tokens": .int(usage.cachedTokens),
            "cache_write_tokens": .int(usage.cacheWriteTokens),
            "reasoning_tokens": .int(usage.reasoningTokens),
            "total_tokens": .int(totalTokens),
            "cost_usd": .double(costUSD),
            "avg_latency_ms": .double(averageLatencyMilliseconds),
        ])
    }
}

extension UsageRecord {
    /// A row of `GET /admin/v1/usage/records`.
    var json: JSONValue {
        .object([
            "request_id": .string(requestID),
            "created_at": .string(UTCTimestamp.string(from: createdAt)),
            "key_id": keyID.map(JSONValue.string) ?? .null,
            "endpoint": .string(endpoint),
            "model": .string(model),
            "upstream_model": upstreamModel.map(JSONValue.string) ?? .null,
            "channel": channel.map(JSONValue.string) ?? .null,
            "prompt_tokens": .int(usage.promptTokens),
            "completion_tokens": .int(usage.completionTokens),
            "cached_tokens": .int(usage.cachedTokens),
            "cache_write_tokens": .int(usage.cacheWriteTokens),
            "reasoning_tokens": .int(usage.reasoningTokens),
            "total_tokens": .int(usage.totalTokens),
            "images": .int(usage.images),
            "audio_seconds": .double(usage.audioSeconds),
            "characters": .int(usage.characters),
            "status": .int(status),
            "error_code": errorCode.map(JSONValue.string) ?? .null,
            "latency_ms": .double(latencyMilliseconds),
            "ttft_ms": timeToFirstTokenMilliseconds.map(JSONValue.double) ?? .null,
            "streamed": .bool(streamed),
            "cancelled": .bool(cancelled),
            "cost_usd": .double(costUSD),
        ])
    }
}
