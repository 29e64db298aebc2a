/// The events of `fault:slow-stream` in each provider's dialect: a well-formed text answer of
/// `ticks` small deltas, so a client sees a valid stream that simply takes long.
enum TestUpstreamSlowStream {
    static func payloads(wire: TestUpstreamWire, ticks: Int) -> [TestUpstreamStreamPayload] {
        let pieces = (0..<ticks).map { "tick \($0) " }
        switch wire {
        case .chat:
            return pieces.map {
                .init(#"{"id":"chatcmpl-slow","object":"chat.completion.chunk","created":1,"model":"slow","choices":[{"index":0,"delta":{"content":"\#($0)"},"finish_reason":null}]}"#)
            } + [
                .init(#"{"id":"chatcmpl-slow","object":"chat.completion.chunk","created":1,"model":"slow","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#),
                .init("[DONE]"),
            ]
        case .anthropic:
            return [
                .init(event: "message_start", #"{"type":"message_start","message":{"id":"msg_slow","type":"message","role":"assistant","model":"slow","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}}"#),
                .init(event: "content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
            ] + pieces.map {
                .init(event: "content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#($0)"}}"#)
            } + [
                .init(event: "content_block_stop", #"{"type":"content_block_stop","index":0}"#),
                .init(event: "message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":\#(ticks)}}"#),
                .init(event: "message_stop", #"{"type":"message_stop"}"#),
            ]
        case .responses:
            return responses(pieces)
        case .gemini:
            return pieces.map {
                .init(#"{"candidates":[{"content":{"parts":[{"text":"\#($0)"}],"role":"model"},"index":0}],"modelVersion":"slow","responseId":"slow"}"#)
            } + [
                .init(#"{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":\#(ticks),"totalTokenCount":\#(ticks + 1)},"modelVersion":"slow","responseId":"slow"}"#),
            ]
        }
    }

    private static func responses(_ pieces: [String]) -> [TestUpstreamStreamPayload] {
        let text = pieces.joined()
        let item = #"{"id":"msg_slow","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"\#(text)","annotations":[]}]}"#
        var sequence = 0
        func next() -> Int {
            defer { sequence += 1 }
            return sequence
        }
        var events: [TestUpstreamStreamPayload] = [
            .init(event: "response.created", #"{"type":"response.created","sequence_number":\#(next()),"response":{"id":"resp_slow","object":"response","created_at":1,"status":"in_progress","model":"slow","output":[],"usage":null}}"#),
            .init(event: "response.output_item.added", #"{"type":"response.output_item.added","sequence_number":\#(next()),"output_index":0,"item":{"id":"msg_slow","type":"message","status":"in_progress","role":"assistant","content":[]}}"#),
            .init(event: "response.content_part.added", #"{"type":"response.content_part.added","sequence_number":\#(next()),"item_id":"msg_slow","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}"#),
        ]
        for piece in pieces {
            events.append(.init(event: "response.output_text.delta", #"{"type":"response.output_text.delta","sequence_number":\#(next()),"item_id":"msg_slow","output_index":0,"content_index":0,"delta":"\#(piece)"}"#))
        }
        events += [
            .init(event: "response.output_text.done", #"{"type":"response.output_text.done","sequence_number":\#(next()),"item_id":"msg_slow","output_index":0,"content_index":0,"text":"\#(text)"}"#),
            .init(event: "response.content_part.done", #"{"type":"response.content_part.done","sequence_number":\#(next()),"item_id":"msg_slow","output_index":0,"content_index":0,"part":{"type":"output_text","text":"\#(text)","annotations":[]}}"#),
            .init(event: "response.output_item.done", #"{"type":"response.output_item.done","sequence_number":\#(next()),"output_index":0,"item":\#(item)}"#),
            .init(event: "response.completed", #"{"type":"response.completed","sequence_number":\#(next()),"response":{"id":"resp_slow","object":"response","created_at":1,"status":"completed","model":"slow","output":[\#(item)],"usage":{"input_tokens":1,"input_tokens_details":{"cached_tokens":0},"output_tokens":\#(pieces.count),"output_tokens_details":{"reasoning_tokens":0},"total_tokens":\#(pieces.count + 1)}}}"#),
        ]
        return events
    }
}
