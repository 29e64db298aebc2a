import SwitchboardCore

extension AnthropicMessagesStreamEncoder {
    /// Closes the open block (if any) and opens a new one with the next index.
    mutating func open(_ kind: BlockKind, _ block: JSONObject) -> [ServerSentEvent] {
        var events = closeBlock()
        let index = nextBlockIndex
        nextBlockIndex += 1
        openBlock = (kind, index)
        events.append(Self.event("content_block_start", [
            "type": "content_block_start", "index": .int(index), "content_block": .object(block),
        ]))
        return events
    }

    mutating func closeBlock() -> [ServerSentEvent] {
        guard let block = openBlock else { return [] }
        openBlock = nil
        return [Self.event("content_block_stop", ["type": "content_block_stop", "index": .int(block.index)])]
    }

    /// A delta for the open block.
    func delta(_ delta: JSONObject) -> ServerSentEvent {
        Self.event("content_block_delta", [
            "type": "content_block_delta", "index": .int(openBlock?.index ?? 0), "delta": .object(delta),
        ])
    }

    /// Reasoning as `thinking` blocks: text as `thinking_delta`s, Anthropic's own signature as a
    /// `signature_delta` that closes the block; Anthropic's encrypted content as a whole
    /// `redacted_thinking` block. Another family's signature or encrypted content is not sent
    /// (a signature still ends the block, as the canonical stream rules say).
    mutating func reasoning(_ reasoning: Reasoning) -> [ServerSentEvent] {
        let native = reasoning.isNative(to: .anthropic)
        if reasoning.text.isEmpty, reasoning.signature == nil, let data = reasoning.encryptedContent {
            guard native else { return [] }
            var events = open(.thinking(id: reasoning.id), ["type": "redacted_thinking", "data": .string(data)])
            events += closeBlock()
            return events
        }
        var events: [ServerSentEvent] = []
        let kind = BlockKind.thinking(id: reasoning.id)
        if !reasoning.text.isEmpty {
            if openBlock?.kind != kind { events += open(kind, Self.emptyThinking) }
            events.append(delta(["type": "thinking_delta", "thinking": .string(reasoning.text)]))
        }
        if let signature = reasoning.signature, !signature.isEmpty {
            if native {
                if openBlock?.kind != kind { events += open(kind, Self.emptyThinking) }
                events.append(delta(["type": "signature_delta", "signature": .string(signature)]))
            }
            if case .thinking? = openBlock?.kind { events += closeBlock() }
        }
        return events
    }

    static let emptyThinking: JSONObject = ["type": "thinking", "thinking": "", "signature": ""]
}
