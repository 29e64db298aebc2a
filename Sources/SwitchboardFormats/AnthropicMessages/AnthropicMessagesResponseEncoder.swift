public import SwitchboardCore

/// Writes a canonical response as an Anthropic Messages answer (`"type":"message"`).
///
/// Content keeps its order. Reasoning becomes `thinking` blocks: the signature only when
/// Anthropic produced it; reasoning from another family keeps its text without a signature (and
/// is left out when it has no text); `redacted_thinking` only for Anthropic's own encrypted
/// content. A tool call whose arguments are not a JSON object gets `"input": {}` (Anthropic's
/// `input` must be an object; the malformed text cannot be carried). Refusals become text.
/// Unknown blocks are left out: their origin is not known, and another format's part would be
/// invalid here.
public enum AnthropicMessagesResponseEncoder {
    public static func encode(_ response: GenerationResponse) -> JSONValue {
        var usage = AnthropicUsage.encode(response.usage)
        if response.usage.reasoningTokens > 0 {
            usage["output_tokens_details"] = .object(["thinking_tokens": .int(response.usage.reasoningTokens)])
        }
        return .object([
            "id": .string(messageID(response.id)),
            "type": "message",
            "role": "assistant",
            "model": .string(response.model),
            "content": .array(response.content.compactMap(block)),
            "stop_reason": .string(AnthropicStopReason.encode(response.finishReason, stopSequence: response.stopSequence)),
            "stop_sequence": response.stopSequence.map(JSONValue.string) ?? .null,
            "usage": .object(usage),
        ])
    }

    /// Anthropic message ids start with `msg_`; others get the prefix.
    public static func messageID(_ id: String) -> String {
        id.hasPrefix("msg_") ? id : "msg_" + id
    }

    static func block(_ block: ContentBlock) -> JSONValue? {
        switch block {
        case .text(let text):
            return AnthropicContentWriter.text(text)
        case .refusal(let text):
            return AnthropicContentWriter.text(text)
        case .toolCall(let call):
            return AnthropicContentWriter.toolUse(call, input: AnthropicContentWriter.input(of: call) ?? [:])
        case .reasoning(let reasoning):
            return thinking(reasoning)
        case .image, .toolResult, .unknown:
            return nil
        }
    }

    static func thinking(_ reasoning: Reasoning) -> JSONValue? {
        let native = reasoning.isNative(to: .anthropic)
        if native, reasoning.text.isEmpty, reasoning.signature == nil, let data = reasoning.encryptedContent {
            return AnthropicContentWriter.redactedThinking(data)
        }
        if native, let signature = reasoning.signature {
            return AnthropicContentWriter.thinking(text: reasoning.text, signature: signature)
        }
        return reasoning.text.isEmpty ? nil : AnthropicContentWriter.thinking(text: reasoning.text, signature: nil)
    }
}
