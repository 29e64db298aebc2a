public import SwitchboardCore

/// Anthropic's `usage` object read into and written from the canonical ``Usage``.
///
/// Anthropic counts `input_tokens` apart from the cache: the canonical `promptTokens` is
/// `input_tokens + cache_read_input_tokens + cache_creation_input_tokens`, and encoding subtracts
/// them again. When `usage.iterations` is present (server-side compaction, multi-step server
/// tools), the top-level figures cover only the final sampling step, so the iterations are summed
/// instead: that is what the request is billed for.
public enum AnthropicUsage {
    /// The canonical usage of a complete `usage` object (a non-streamed message, or a
    /// `message_start` message). Nil when `value` is not an object.
    public static func decode(_ value: JSONValue?) -> Usage? {
        guard let object = value?.objectValue else { return nil }
        return merge(start: nil, delta: object)
    }

    /// Combines the usage of `message_start` with the one of `message_delta`.
    ///
    /// `message_delta` always carries the final `output_tokens`; newer API versions repeat the
    /// input and cache counts there too (cumulative over server-tool steps): those win over
    /// `message_start`'s when present.
    public static func merge(start: JSONObject?, delta: JSONObject?) -> Usage {
        if let iterations = delta?["iterations"]?.arrayValue ?? start?["iterations"]?.arrayValue, !iterations.isEmpty {
            var total = Usage()
            for iteration in iterations { total = add(total, counts(iteration.objectValue ?? [:], fallback: nil)) }
            total.reasoningTokens = reasoningTokens(delta) ?? reasoningTokens(start) ?? 0
            return total
        }
        return counts(delta ?? [:], fallback: start)
    }

    /// The `usage` members of a message: `input_tokens` excludes the cached and cache-write tokens.
    public static func encode(_ usage: Usage) -> JSONObject {
        [
            "input_tokens": .int(uncachedInputTokens(usage)),
            "cache_creation_input_tokens": .int(usage.cacheWriteTokens),
            "cache_read_input_tokens": .int(usage.cachedTokens),
            "output_tokens": .int(usage.completionTokens),
        ]
    }

    /// Anthropic's `input_tokens` for a canonical usage (never negative).
    public static func uncachedInputTokens(_ usage: Usage) -> Int {
        max(0, usage.promptTokens - usage.cachedTokens - usage.cacheWriteTokens)
    }

    private static func counts(_ object: JSONObject, fallback: JSONObject?) -> Usage {
        func count(_ key: String) -> Int {
            object[key]?.intValue ?? fallback?[key]?.intValue ?? 0
        }
        let cacheRead = count("cache_read_input_tokens")
        let cacheWrite = count("cache_creation_input_tokens")
        let oneHourWrite = oneHourCacheWriteTokens(object) ?? oneHourCacheWriteTokens(fallback) ?? 0
        return Usage(
            promptTokens: count("input_tokens") + cacheRead + cacheWrite,
            completionTokens: count("output_tokens"),
            cachedTokens: cacheRead,
            cacheWriteTokens: cacheWrite,
            cacheWrite1hTokens: min(oneHourWrite, cacheWrite),
            reasoningTokens: reasoningTokens(object) ?? reasoningTokens(fallback) ?? 0)
    }

    /// `cache_creation.ephemeral_1h_input_tokens`: the part of `cache_creation_input_tokens`
    /// written to the one-hour cache, which is billed at a higher rate than the five-minute one.
    private static func oneHourCacheWriteTokens(_ object: JSONObject?) -> Int? {
        object?["cache_creation"]?["ephemeral_1h_input_tokens"]?.intValue
    }

    /// `output_tokens_details.thinking_tokens`, reported by newer API versions.
    private static func reasoningTokens(_ object: JSONObject?) -> Int? {
        object?["output_tokens_details"]?["thinking_tokens"]?.intValue
    }

    private static func add(_ lhs: Usage, _ rhs: Usage) -> Usage {
        Usage(
            promptTokens: lhs.promptTokens + rhs.promptTokens,
            completionTokens: lhs.completionTokens + rhs.completionTokens,
            cachedTokens: lhs.cachedTokens + rhs.cachedTokens,
            cacheWriteTokens: lhs.cacheWriteTokens + rhs.cacheWriteTokens,
            cacheWrite1hTokens: lhs.cacheWrite1hTokens + rhs.cacheWrite1hTokens,
            reasoningTokens: lhs.reasoningTokens + rhs.reasoningTokens)
    }
}
