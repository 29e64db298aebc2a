/// A well-formed text answer in each provider's dialect whose text is a bulk piece, for the answers
/// whose size matters more than their words: `fault:huge-*` (megabytes of filler) and
/// `fault:drip` (a few bytes, sent slowly). Non-stream answers are one JSON body; streams are the
/// dialect's opening events, one delta event per piece of text, and its closing events.
enum TestUpstreamBulkAnswer {
    /// The tokens reported for `characters` of text (about four characters a token).
    static func tokens(_ characters: Int) -> Int { Swift.max(1, characters / 4) }

    /// A non-stream answer whose only text is `text`.
    static func answer(wire: TestUpstreamWire, text: TestUpstreamBulkPiece, outputTokens: Int) -> [TestUpstreamBulkPiece] {
        let (head, tail): (String, String)
        switch wire {
        case .chat:
            head = #"{"id":"chatcmpl-bulk","object":"chat.completion","created":1,"model":"bulk","choices":[{"index":0,"message":{"role":"assistant","content":""#
            tail = #""},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":\#(outputTokens),"total_tokens":\#(outputTokens + 1)}}"#
        case .responses:
            head = #"{"id":"resp_bulk","object":"response","created_at":1,"status":"completed","model":"bulk","output":[{"id":"msg_bulk","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":""#
            tail = #"","annotations":[]}]}],"usage":{"input_tokens":1,"input_tokens_details":{"cached_tokens":0},"output_tokens":\#(outputTokens),"output_tokens_details":{"reasoning_tokens":0},"total_tokens":\#(outputTokens + 1)}}"#
        case .anthropic:
            head = #"{"id":"msg_bulk","type":"message","role":"assistant","model":"bulk","content":[{"type":"text","text":""#
            tail = #""}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":\#(outputTokens)}}"#
        case .gemini:
            head = #"{"candidates":[{"content":{"parts":[{"text":""#
            tail = #""}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":\#(outputTokens),"totalTokenCount":\#(outputTokens + 1)},"modelVersion":"bulk","responseId":"bulk"}"#
        }
        return [.init(head), text, .init(tail)]
    }

    /// A non-stream answer of exactly `bytes` bytes (at least the size of an empty answer).
    static func answer(wire: TestUpstreamWire, bytes: Int) -> [TestUpstreamBulkPiece] {
        let outputTokens = tokens(bytes)
        let frame = answer(wire: wire, text: .filler(0), outputTokens: outputTokens).byteCount
        return answer(wire: wire, text: .filler(Swift.max(0, bytes - frame)), outputTokens: outputTokens)
    }

    /// The events that open a stream.
    static func opening(wire: TestUpstreamWire) -> [TestUpstreamBulkEvent] {
        switch wire {
        case .chat:
            [.init([.init(#"{"id":"chatcmpl-bulk","object":"chat.completion.chunk","created":1,"model":"bulk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#)])]
        case .responses:
            [
                .init(event: "response.created", [.init(#"{"type":"response.created","sequence_number":0,"response":{"id":"resp_bulk","object":"response","created_at":1,"status":"in_progress","model":"bulk","output":[],"usage":null}}"#)]),
                .init(event: "response.output_item.added", [.init(#"{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_bulk","type":"message","status":"in_progress","role":"assistant","content":[]}}"#)]),
                .init(event: "response.content_part.added", [.init(#"{"type":"response.content_part.added","sequence_number":2,"item_id":"msg_bulk","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}"#)]),
            ]
        case .anthropic:
            [
                .init(event: "message_start", [.init(#"{"type":"message_start","message":{"id":"msg_bulk","type":"message","role":"assistant","model":"bulk","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}}"#)]),
                .init(event: "content_block_start", [.init(#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)]),
            ]
        case .gemini:
            []
        }
    }

    /// The `index`th delta event, carrying `text`.
    static func delta(wire: TestUpstreamWire, text: TestUpstreamBulkPiece, index: Int) -> TestUpstreamBulkEvent {
        switch wire {
        case .chat:
            .init([
                .init(#"{"id":"chatcmpl-bulk","object":"chat.completion.chunk","created":1,"model":"bulk","choices":[{"index":0,"delta":{"content":""#),
                text, .init(#""},"finish_reason":null}]}"#),
            ])
        case .responses:
            .init(event: "response.output_text.delta", [
                .init(#"{"type":"response.output_text.delta","sequence_number":\#(3 + index),"item_id":"msg_bulk","output_index":0,"content_index":0,"delta":""#),
                text, .init(#""}"#),
            ])
        case .anthropic:
            .init(event: "content_block_delta", [
                .init(#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""#), text, .init(#""}}"#),
            ])
        case .gemini:
            .init([
                .init(#"{"candidates":[{"content":{"parts":[{"text":""#), text,
                .init(#""}],"role":"model"},"index":0}],"modelVersion":"bulk","responseId":"bulk"}"#),
            ])
        }
    }

    /// The events that close a stream whose deltas carried `text` in `deltas` events (the Responses
    /// API repeats the whole text in its closing events).
    static func closing(wire: TestUpstreamWire, text: TestUpstreamBulkPiece, deltas: Int) -> [TestUpstreamBulkEvent] {
        let outputTokens = tokens(text.count)
        switch wire {
        case .chat:
            return [
                .init([.init(#"{"id":"chatcmpl-bulk","object":"chat.completion.chunk","created":1,"model":"bulk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#)]),
                .init([.init(#"{"id":"chatcmpl-bulk","object":"chat.completion.chunk","created":1,"model":"bulk","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":\#(outputTokens),"total_tokens":\#(outputTokens + 1)}}"#)]),
                .init([.init("[DONE]")]),
            ]
        case .responses:
            let sequence = 3 + deltas
            let item: [TestUpstreamBulkPiece] = [
                .init(#"{"id":"msg_bulk","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":""#),
                text, .init(#"","annotations":[]}]}"#),
            ]
            return [
                .init(event: "response.output_text.done", [
                    .init(#"{"type":"response.output_text.done","sequence_number":\#(sequence),"item_id":"msg_bulk","output_index":0,"content_index":0,"text":""#),
                    text, .init(#""}"#),
                ]),
                .init(event: "response.content_part.done", [
                    .init(#"{"type":"response.content_part.done","sequence_number":\#(sequence + 1),"item_id":"msg_bulk","output_index":0,"content_index":0,"part":{"type":"output_text","text":""#),
                    text, .init(#"","annotations":[]}}"#),
                ]),
                .init(event: "response.output_item.done", [
                    .init(#"{"type":"response.output_item.done","sequence_number":\#(sequence + 2),"output_index":0,"item":"#),
                ] + item + [.init("}")]),
                .init(event: "response.completed", [
                    .init(#"{"type":"response.completed","sequence_number":\#(sequence + 3),"response":{"id":"resp_bulk","object":"response","created_at":1,"status":"completed","model":"bulk","output":["#),
                ] + item + [
                    .init(#"],"usage":{"input_tokens":1,"input_tokens_details":{"cached_tokens":0},"output_tokens":\#(outputTokens),"output_tokens_details":{"reasoning_tokens":0},"total_tokens":\#(outputTokens + 1)}}}"#),
                ]),
            ]
        case .anthropic:
            return [
                .init(event: "content_block_stop", [.init(#"{"type":"content_block_stop","index":0}"#)]),
                .init(event: "message_delta", [.init(#"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":\#(outputTokens)}}"#)]),
                .init(event: "message_stop", [.init(#"{"type":"message_stop"}"#)]),
            ]
        case .gemini:
            return [
                .init([.init(#"{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":\#(outputTokens),"totalTokenCount":\#(outputTokens + 1)},"modelVersion":"bulk","responseId":"bulk"}"#)]),
            ]
        }
    }

    /// A whole stream whose text is `text` in one delta, framed (for small streams such as `fault:drip`).
    static func stream(wire: TestUpstreamWire, framing: TestUpstreamFraming, text: TestUpstreamBulkPiece) -> [TestUpstreamBulkPiece] {
        let events = opening(wire: wire) + [delta(wire: wire, text: text, index: 0)] + closing(wire: wire, text: text, deltas: 1)
        return events.enumerated().flatMap { framing.frame($1, first: $0 == 0) } + framing.closing
    }
}
