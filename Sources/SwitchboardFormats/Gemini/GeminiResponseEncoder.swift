public import SwitchboardCore

/// Writes a canonical response as a Gemini `GenerateContentResponse`, for a client that called
/// `:generateContent`.
///
/// Reasoning is shown as `thought: true` parts (signed only when Gemini made it); a tool call's
/// arguments are written as the parsed object (`{}` when they are not a JSON object).
public enum GeminiResponseEncoder {
    public static func encode(_ response: GenerationResponse) -> JSONValue {
        var candidate: JSONObject = [
            "content": .object(["role": "model", "parts": .array(parts(of: response.content))]),
            "finishReason": .string(GeminiFinishReason.encode(response.finishReason)),
            "index": .int(0),
        ]
        if response.finishReason == .toolCalls { candidate["finishMessage"] = "Model generated function call(s)." }
        return .object([
            "candidates": .array([.object(candidate)]),
            "usageMetadata": GeminiUsage.encode(response.usage),
            "modelVersion": .string(response.model),
            "responseId": .string(response.id),
        ])
    }

    static func parts(of blocks: [ContentBlock]) -> [JSONValue] {
        var builder = GeminiPartsBuilder(showsForeignThoughts: true)
        for block in blocks {
            switch block {
            case .reasoning(let reasoning): builder.addReasoning(reasoning)
            case .text(let text), .refusal(let text): builder.addText(text)
            case .toolCall(let call): builder.addCall(call, arguments: arguments(of: call))
            case .image(let image):
                if let part = GeminiPartsBuilder.imagePart(image) { builder.add(part) }
            case .unknown(let value):
                if let part = value.objectValue, GeminiContentWriter.isGeminiPart(part) { builder.add(part) }
            case .toolResult:
                break
            }
        }
        return builder.finish()
    }

    /// The call's arguments as an object, as Gemini's `args` must be.
    static func arguments(of call: ToolCall) -> JSONValue {
        guard let parsed = try? JSON.parse(call.arguments), parsed.objectValue != nil else { return .object([:]) }
        return parsed
    }
}
