public import SwitchboardCore

/// Reads what an OpenAI image or transcription answer reports about its own cost, so a relayed
/// answer is billed by the image, the token or the audio second it says it used.
public enum OpenAIMediaUsage {
    /// An images answer: one image per `data` entry, and the token counts of `usage` when the model
    /// reports them (the GPT image models do; DALL·E does not).
    public static func images(_ answer: JSONValue?) -> Usage {
        let usage = answer?["usage"]
        return Usage(
            promptTokens: usage?["input_tokens"]?.intValue ?? 0,
            completionTokens: usage?["output_tokens"]?.intValue ?? 0,
            images: answer?["data"]?.arrayValue?.count ?? 0)
    }

    /// The seconds a transcription or translation answer says its audio lasted: `duration` of a
    /// `verbose_json` answer, or `usage.seconds` when `usage.type` is `duration`; nil otherwise
    /// (plain text, subtitles, token-billed models).
    public static func transcriptionSeconds(_ answer: JSONValue?) -> Double? {
        if let duration = answer?["duration"]?.doubleValue { return duration }
        if let usage = answer?["usage"], usage["type"]?.stringValue == "duration" {
            return usage["seconds"]?.doubleValue
        }
        return nil
    }

    /// The token usage a transcription answer of a token-billed model reports (`usage.type` `tokens`).
    public static func transcriptionTokens(_ answer: JSONValue?) -> Usage? {
        guard let usage = answer?["usage"], usage["type"]?.stringValue == "tokens" else { return nil }
        return Usage(promptTokens: usage["input_tokens"]?.intValue ?? 0, completionTokens: usage["output_tokens"]?.intValue ?? 0)
    }
}
