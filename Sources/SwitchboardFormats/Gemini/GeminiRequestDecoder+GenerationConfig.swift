import SwitchboardCore

extension GeminiRequestDecoder {
    /// Maps `generationConfig` onto the canonical parameters; what is left (penalties,
    /// `responseModalities`, `candidateCount` above 1, `speechConfig`, ...) stays in
    /// `extra["generationConfig"]`.
    ///
    /// `thinkingBudget: -1` (dynamic thinking, the model's default) is read as no budget;
    /// `includeThoughts: true` becomes `reasoningSummary = "auto"`; `thinkingLevel` becomes
    /// `reasoningEffort`.
    static func readGenerationConfig(_ config: JSONObject?, into request: inout GenerationRequest) {
        guard var config else { return }
        request.temperature = config.removeValue(forKey: "temperature")?.doubleValue
        request.topP = config.removeValue(forKey: "topP")?.doubleValue
        request.topK = config.removeValue(forKey: "topK")?.intValue
        request.maxOutputTokens = config.removeValue(forKey: "maxOutputTokens")?.intValue
        request.seed = config.removeValue(forKey: "seed")?.intValue
        request.stop = config.removeValue(forKey: "stopSequences")?.arrayValue?.compactMap(\.stringValue) ?? []
        if let count = config["candidateCount"]?.intValue, count <= 1 { config.removeValue(forKey: "candidateCount") }
        readResponseFormat(&config, into: &request)
        if let thinking = config.removeValue(forKey: "thinkingConfig")?.objectValue {
            if let budget = thinking["thinkingBudget"]?.intValue, budget >= 0 { request.thinkingBudgetTokens = budget }
            if thinking["includeThoughts"]?.boolValue == true { request.reasoningSummary = "auto" }
            request.reasoningEffort = thinking["thinkingLevel"]?.stringValue?.lowercased()
        }
        if !config.isEmpty { request.extra["generationConfig"] = .object(config) }
    }

    /// `responseMimeType: application/json` with `responseJsonSchema` or `responseSchema` is a JSON
    /// schema named "response", without a schema JSON mode; `text/plain` is plain text. Other MIME
    /// types (`text/x.enum`) stay in `extra` with their schema.
    private static func readResponseFormat(_ config: inout JSONObject, into request: inout GenerationRequest) {
        switch config["responseMimeType"]?.stringValue {
        case "application/json":
            config.removeValue(forKey: "responseMimeType")
            // Proto JSON accepts both spellings; the google-genai SDK sends snake_case for this one.
            let jsonSchema = config.removeValue(forKey: "responseJsonSchema")
                ?? config.removeValue(forKey: "response_json_schema")
            let openAPISchema = config.removeValue(forKey: "responseSchema")
            if let schema = jsonSchema ?? openAPISchema.map(GeminiSchema.toJSONSchema) {
                request.responseFormat = .jsonSchema(name: "response", schema: schema, strict: nil)
            } else {
                request.responseFormat = .jsonObject
            }
        case "text/plain":
            config.removeValue(forKey: "responseMimeType")
            request.responseFormat = .text
        default:
            break
        }
    }
}
