public import SwitchboardCore

/// Gemini's `finishReason` values and the canonical ``FinishReason``.
///
/// Gemini reports `STOP` for a turn that ends in function calls; decoders turn that into
/// `.toolCalls` when the candidate holds a `functionCall`, and the encoder writes `STOP` back.
public enum GeminiFinishReason {
    /// The canonical reason for a Gemini `finishReason`, before the function-call correction.
    public static func decode(_ value: String) -> FinishReason {
        switch value {
        case "STOP": .stop
        case "MAX_TOKENS": .length
        case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
            "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION":
            .contentFilter
        default: .other(value)
        }
    }

    /// The canonical reason of a candidate, `.toolCalls` when it stopped normally after calling functions.
    static func decode(_ value: String, sawFunctionCall: Bool) -> FinishReason {
        let reason = decode(value)
        return reason == .stop && sawFunctionCall ? .toolCalls : reason
    }

    public static func encode(_ reason: FinishReason) -> String {
        switch reason {
        case .stop, .toolCalls: "STOP"
        case .length: "MAX_TOKENS"
        case .contentFilter: "SAFETY"
        case .other(let value): value
        }
    }
}
