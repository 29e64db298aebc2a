public import SwitchboardCore

/// Reads and writes the Responses `usage` object (`input_tokens`, `output_tokens` and their details).
public enum OpenAIResponsesUsage {
    public static func decode(_ value: JSONValue?) -> Usage? {
        guard let object = value?.objectValue else { return nil }
        let input = object["input_tokens_details"]
        return Usage(
            promptTokens: object["input_tokens"]?.intValue ?? 0,
            completionTokens: object["output_tokens"]?.intValue ?? 0,
            cachedTokens: input?["cached_tokens"]?.intValue ?? 0,
            cacheWriteTokens: input?["cache_write_tokens"]?.intValue ?? 0,
            reasoningTokens: object["output_tokens_details"]?["reasoning_tokens"]?.intValue ?? 0)
    }

    public static func encode(_ usage: Usage) -> JSONValue {
        .object([
            "input_tokens": .int(usage.promptTokens),
            "input_tokens_details": .object(["cached_tokens": .int(usage.cachedTokens)]),
            "output_tokens": .int(usage.completionTokens),
            "output_tokens_details": .object(["reasoning_tokens": .int(usage.reasoningTokens)]),
            "total_tokens": .int(usage.totalTokens),
        ])
    }
}

/// Maps finish reasons to a response's `status` and `incomplete_details`, and back.
public enum OpenAIResponsesStatus {
    /// The `incomplete_details.reason` for a finish reason, nil when the response completed.
    public static func incompleteReason(for reason: FinishReason) -> String? {
        switch reason {
        case .length: "max_output_tokens"
        case .contentFilter: "content_filter"
        default: nil
        }
    }

    /// The finish reason of a finished response object.
    public static func finishReason(of response: JSONValue) -> FinishReason {
        if response["status"]?.stringValue == "incomplete" {
            switch response["incomplete_details"]?["reason"]?.stringValue {
            case "max_output_tokens"?: return .length
            case "content_filter"?: return .contentFilter
            case let other?: return .other(other)
            case nil: return .length
            }
        }
        let output = response["output"]?.arrayValue ?? []
        return output.contains { $0["type"]?.stringValue == "function_call" } ? .toolCalls : .stop
    }
}
