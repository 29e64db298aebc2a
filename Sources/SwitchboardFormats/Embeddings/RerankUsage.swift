import SwitchboardCore

/// The tokens a rerank upstream reports, in the dialects of the servers that serve `/rerank`:
/// `usage.total_tokens` (Jina, vLLM), `meta.tokens.input_tokens` (SiliconFlow) or
/// `meta.billed_units.input_tokens` (Cohere).
public enum RerankUsage {
    public static func tokens(in body: [UInt8]) -> Int? {
        guard let parsed = try? JSON.parse(body) else { return nil }
        return parsed["usage"]?["total_tokens"]?.intValue
            ?? parsed["meta"]?["tokens"]?["input_tokens"]?.intValue
            ?? parsed["meta"]?["billed_units"]?["input_tokens"]?.intValue
    }
}
