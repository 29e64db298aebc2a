public import SwitchboardCore

/// Gemini's `usageMetadata` read into and written from canonical ``Usage``.
///
/// Gemini counts thoughts apart from the answer: `candidatesTokenCount` excludes
/// `thoughtsTokenCount`, so decoding adds them back into `completionTokens` and encoding subtracts
/// them again. `promptTokenCount` already includes `cachedContentTokenCount` (OpenAI's convention);
/// `toolUsePromptTokenCount` (tokens of server-side tool results) is counted apart by Gemini and
/// billed as input, so it is added to the prompt.
public enum GeminiUsage {
    /// The usage a `usageMetadata` object reports, or nil when it holds no token count at all
    /// (Vertex sends `{"trafficType":"ON_DEMAND"}` alone in its early chunks).
    public static func decode(_ metadata: JSONValue?) -> Usage? {
        guard let metadata, metadata.objectValue != nil else { return nil }
        let counted = ["promptTokenCount", "candidatesTokenCount", "thoughtsTokenCount", "totalTokenCount"]
        guard counted.contains(where: { metadata[$0]?.intValue != nil }) else { return nil }
        let thoughts = metadata["thoughtsTokenCount"]?.intValue ?? 0
        return Usage(
            promptTokens: (metadata["promptTokenCount"]?.intValue ?? 0) + (metadata["toolUsePromptTokenCount"]?.intValue ?? 0),
            completionTokens: (metadata["candidatesTokenCount"]?.intValue ?? 0) + thoughts,
            cachedTokens: metadata["cachedContentTokenCount"]?.intValue ?? 0,
            reasoningTokens: thoughts)
    }

    /// `usageMetadata` for a canonical usage; the cached and thoughts counts only when above zero,
    /// as Gemini writes them.
    public static func encode(_ usage: Usage) -> JSONValue {
        var object: JSONObject = [
            "promptTokenCount": .int(usage.promptTokens),
            "candidatesTokenCount": .int(max(0, usage.completionTokens - usage.reasoningTokens)),
            "totalTokenCount": .int(usage.totalTokens),
        ]
        if usage.cachedTokens > 0 { object["cachedContentTokenCount"] = .int(usage.cachedTokens) }
        if usage.reasoningTokens > 0 { object["thoughtsTokenCount"] = .int(usage.reasoningTokens) }
        return .object(object)
    }
}
