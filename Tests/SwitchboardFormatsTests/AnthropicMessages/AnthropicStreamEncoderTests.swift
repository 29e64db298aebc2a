import SwitchboardCore
import SwitchboardFormats
import Testing

/// Canonical streams from other formats written as Anthropic events.
@Suite("Anthropic stream encoder")
struct AnthropicStreamEncoderTests {
    @Test func parallelToolCallsEachGetTheirOwnBlockWithArgumentsAsTheyArrive() throws {
        let payloads = try checkAnthropicGrammar(encodeAnthropicStream([
            .start(id: "chatcmpl-1", model: "gpt-x", created: 1),
            .reasoningDelta(Reasoning(text: "plan", providerFamily: nil)),
            .textDelta("Checking."),
            .toolCallStart(index: 0, id: "call_a", name: "f"),
            .toolCallArgumentsDelta(index: 0, delta: #"{"q":"#),
            .toolCallArgumentsDelta(index: 0, delta: #""x"}"#),
            .toolCallStart(index: 1, id: "call_b", name: "g"),
            .toolCallArgumentsDelta(index: 1, delta: "{}"),
            .finish(.toolCalls),
            .usage(Usage(promptTokens: 30, completionTokens: 12, cachedTokens: 10)),
        ]))
        #expect(payloads[0]["message"]?["id"] == "msg_chatcmpl-1")
        #expect(payloads[0]["message"]?["usage"]?["input_tokens"] == .int(7), "the gateway's estimate")
        let types = payloads.map { $0["type"]?.stringValue ?? "" }
        #expect(types == [
            "message_start", "ping",
            "content_block_start", "content_block_delta", "content_block_stop",
            "content_block_start", "content_block_delta", "content_block_stop",
            "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
            "content_block_start", "content_block_delta", "content_block_stop",
            "message_delta", "message_stop",
        ])
        #expect(payloads[2]["content_block"] == .object(["type": "thinking", "thinking": "", "signature": ""]))
        #expect(payloads[9]["delta"] == .object(["type": "input_json_delta", "partial_json": #"{"q":"#]))
        #expect(payloads[12]["content_block"] == .object(["type": "tool_use", "id": "call_b", "name": "g", "input": .object([:])]))
        #expect(payloads[15]["delta"] == .object(["stop_reason": "tool_use", "stop_sequence": .null]))
        #expect(payloads[15]["usage"] == .object([
            "input_tokens": .int(20), "cache_creation_input_tokens": .int(0), "cache_read_input_tokens": .int(10), "output_tokens": .int(12),
        ]))
    }

    @Test func messageDeltaWaitsForUsageThatFollowsFinish() {
        var encoder = AnthropicMessagesStreamEncoder(model: "m", inputTokens: 3)
        _ = encoder.encode(.start(id: "msg_1", model: "u", created: 0))
        _ = encoder.encode(.textDelta("hi"))
        _ = encoder.encode(.stopSequence("END"))
        let atFinish = encoder.encode(.finish(.stop))
        #expect(atFinish.map(\.event) == ["content_block_stop"])
        let atUsage = encoder.encode(.usage(Usage(promptTokens: 5, completionTokens: 2)))
        #expect(atUsage.map(\.event) == ["message_delta"])
        #expect(atUsage.first.flatMap { try? JSON.parse($0.data)["delta"] } == .object(["stop_reason": "stop_sequence", "stop_sequence": "END"]))
        #expect(encoder.encode(.usage(Usage(promptTokens: 6, completionTokens: 2))).isEmpty)
        #expect(encoder.finish().map(\.event) == ["message_stop"])
    }

    @Test func usageBeforeFinishGoesOutAtTheEnd() {
        var encoder = AnthropicMessagesStreamEncoder(model: "m", inputTokens: 3)
        _ = encoder.encode(.start(id: "msg_1", model: "u", created: 0))
        #expect(encoder.encode(.usage(Usage(promptTokens: 5, completionTokens: 2))).isEmpty)
        _ = encoder.encode(.finish(.length))
        let end = encoder.finish()
        #expect(end.map(\.event) == ["message_delta", "message_stop"])
        let delta = end.first.flatMap { try? JSON.parse($0.data) }
        #expect(delta?["delta"]?["stop_reason"] == "max_tokens")
        #expect(delta?["usage"]?["output_tokens"] == .int(2))
    }

    @Test func signaturesAndRedactedThinkingOnlyForAnthropic() throws {
        let payloads = try checkAnthropicGrammar(encodeAnthropicStream([
            .start(id: "msg_1", model: "u", created: 0),
            .reasoningDelta(Reasoning(text: "a", providerFamily: "anthropic")),
            .reasoningDelta(Reasoning(text: "", signature: "sig", providerFamily: "anthropic")),
            .reasoningDelta(Reasoning(text: "", encryptedContent: "red", providerFamily: "anthropic")),
            .reasoningDelta(Reasoning(text: "", encryptedContent: "gAAA", providerFamily: "openai")),
            .reasoningDelta(Reasoning(text: "b", providerFamily: "gemini")),
            .reasoningDelta(Reasoning(text: "", signature: "gsig", providerFamily: "gemini")),
            .reasoningDelta(Reasoning(text: "c", providerFamily: "gemini")),
            .finish(.stop),
        ]))
        let blocks = payloads.filter { $0["type"] == "content_block_start" }.map { $0["content_block"] }
        #expect(blocks.map { $0?["type"] } == ["thinking", "redacted_thinking", "thinking", "thinking"],
                "a signature closes its block; foreign encrypted content is not sent")
        #expect(blocks[1]?["data"] == "red")
        let signatures = payloads.compactMap { $0["delta"]?["type"] == "signature_delta" ? $0["delta"]?["signature"] : nil }
        #expect(signatures == ["sig"])
    }

    @Test func failEndsWithAnErrorEventOnly() throws {
        var encoder = AnthropicMessagesStreamEncoder(model: "m", inputTokens: 3)
        _ = encoder.encode(.start(id: "msg_1", model: "u", created: 0))
        _ = encoder.encode(.textDelta("hi"))
        let events = encoder.fail(GatewayError(.upstreamStatus, "Overloaded", status: 529, type: "overloaded_error"))
        #expect(events.map(\.event) == ["error"])
        #expect(try JSON.parse(events[0].data) == .object([
            "type": "error", "error": .object(["type": "overloaded_error", "message": "Overloaded"]),
        ]))
    }

    @Test func contentBeforeStartStillOpensTheMessage() throws {
        let payloads = try checkAnthropicGrammar(encodeAnthropicStream([.textDelta("x"), .finish(.stop)]))
        #expect(payloads[0]["message"]?["id"]?.stringValue?.hasPrefix("msg_") == true)
        #expect(payloads[0]["message"]?["model"] == "client-model")
    }
}
