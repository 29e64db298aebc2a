public import SwitchboardCore

/// Anthropic's `stop_reason` values mapped to and from the canonical ``FinishReason``.
public enum AnthropicStopReason {
    /// `end_turn` and `stop_sequence` -> stop, `max_tokens` (and `model_context_window_exceeded`)
    /// -> length, `tool_use` -> toolCalls, `refusal` -> contentFilter; anything else (`pause_turn`,
    /// ...) is kept verbatim as `.other`.
    public static func decode(_ reason: String) -> FinishReason {
        switch reason {
        case "end_turn", "stop_sequence": .stop
        case "max_tokens", "model_context_window_exceeded": .length
        case "tool_use": .toolCalls
        case "refusal": .contentFilter
        default: .other(reason)
        }
    }

    /// The `stop_reason` for a canonical reason; `stop` becomes `stop_sequence` when the generation
    /// ended on one.
    public static func encode(_ reason: FinishReason, stopSequence: String?) -> String {
        switch reason {
        case .stop: stopSequence == nil ? "end_turn" : "stop_sequence"
        case .length: "max_tokens"
        case .toolCalls: "tool_use"
        case .contentFilter: "refusal"
        case .other(let value): value
        }
    }
}
