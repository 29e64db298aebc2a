public import SwitchboardCore

/// Reads and writes OpenAI's `usage` object, including the providers' dialects of it.
public enum OpenAIChatUsage {
    /// Decodes `usage`; DeepSeek's `prompt_cache_hit_tokens` counts as cached tokens.
    public static func decode(_ value: JSONValue) -> Usage? {
        guard let object = value.objectValue else { return nil }
        let promptDetails = object["prompt_tokens_details"]
        let completionDetails = object["completion_tokens_details"]
        return Usage(
            promptTokens: object["prompt_tokens"]?.intValue ?? 0,
            completionTokens: object["completion_tokens"]?.intValue ?? 0,
            cachedTokens: promptDetails?["cached_tokens"]?.intValue ?? object["prompt_cache_hit_tokens"]?.intValue ?? 0,
            cacheWriteTokens: promptDetails?["cache_write_tokens"]?.intValue ?? 0,
            reasoningTokens: completionDetails?["reasoning_tokens"]?.intValue ?? 0
        )
    }

    public static func encode(_ usage: Usage) -> JSONValue {
        .object([
            "prompt_tokens": .int(usage.promptTokens),
            "completion_tokens": .int(usage.completionTokens),
            "total_tokens": .int(usage.totalTokens),
            "prompt_tokens_details": .object(["cached_tokens": .int(usage.cachedTokens)]),
            "completion_tokens_details": .object(["reasoning_tokens": .int(usage.reasoningTokens)]),
        ])
    }
}

/// Maps finish reasons to and from OpenAI's strings.
public enum OpenAIChatFinishReason {
    public static func encode(_ reason: FinishReason) -> String {
        switch reason {
        case .stop: "stop"
        case .length: "length"
        case .toolCalls: "tool_calls"
        case .contentFilter: "content_filter"
        case .other(let value): value
        }
    }

    public static func decode(_ value: String) -> FinishReason {
        switch value {
        case "stop": .stop
        case "length": .length
        case "tool_calls", "function_call": .toolCalls
        case "content_filter": .contentFilter
        default: .other(value)
        }
    }
}
