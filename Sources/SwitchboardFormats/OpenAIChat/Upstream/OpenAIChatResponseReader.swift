import SwitchboardCore

/// Reads a non-streaming Chat Completions answer into the canonical response.
///
/// Only `choices[0]` is read. Content blocks come in the order a reader sees them: reasoning
/// (`reasoning_content` as DeepSeek and vLLM send it, or `reasoning`), text, refusal, tool calls.
enum OpenAIChatResponseReader {
    static func decode(_ body: [UInt8]) throws(GatewayError) -> GenerationResponse {
        guard let json = try? JSON.parse(body), json.objectValue != nil else {
            throw GatewayError(.upstreamUnavailable, "The upstream sent a response that is not JSON.")
        }
        if let error = json["error"], !error.isNull {
            throw OpenAIErrorEnvelope.decode(body, status: OpenAIChatStreamDecoder.status(of: error))
        }
        guard let choice = json["choices"]?.arrayValue?.first, let message = choice["message"] else {
            throw GatewayError(.upstreamUnavailable, "The upstream's response has no choices[0].message.")
        }
        let content = contentBlocks(message)
        let hasToolCalls = content.contains { if case .toolCall = $0 { true } else { false } }
        let finishReason = choice["finish_reason"]?.stringValue.map(OpenAIChatFinishReason.decode)
            ?? (hasToolCalls ? .toolCalls : .stop)
        return GenerationResponse(
            id: json["id"]?.stringValue ?? "",
            model: json["model"]?.stringValue ?? "",
            created: json["created"]?.intValue ?? 0,
            content: content,
            finishReason: finishReason,
            usage: json["usage"].flatMap(OpenAIChatUsage.decode) ?? Usage())
    }

    static func contentBlocks(_ message: JSONValue) -> [ContentBlock] {
        var blocks: [ContentBlock] = []
        if let reasoning = reasoningText(message), !reasoning.isEmpty {
            blocks.append(.reasoning(Reasoning(text: reasoning)))
        }
        switch message["content"] {
        case .string(let text)? where !text.isEmpty:
            blocks.append(.text(text))
        case .array(let parts)?:
            for part in parts {
                if let text = part["text"]?.stringValue, part["type"] == "text" { blocks.append(.text(text)) }
            }
        default:
            break
        }
        if let refusal = message["refusal"]?.stringValue, !refusal.isEmpty { blocks.append(.refusal(refusal)) }
        for call in message["tool_calls"]?.arrayValue ?? [] {
            guard let function = call["function"] else { continue }
            blocks.append(.toolCall(ToolCall(
                id: call["id"]?.stringValue ?? "",
                name: function["name"]?.stringValue ?? "",
                arguments: function["arguments"]?.stringValue ?? "{}")))
        }
        return blocks
    }

    /// The reasoning text of a message or delta, under either name the servers use.
    static func reasoningText(_ value: JSONValue) -> String? {
        value["reasoning_content"]?.stringValue ?? value["reasoning"]?.stringValue
    }
}
