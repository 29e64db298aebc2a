import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Canonical responses to Responses response objects")
struct OpenAIResponsesResponseEncoderTests {
    /// Every key OpenAI's own non-streamed answers hold that the SDK requires, compared with a capture.
    @Test(arguments: [
        "openai/responses-nonstream-text.json", "openai/responses-nonstream-function-call.json",
        "openai/responses-nonstream-reasoning-summary.json", "openai/responses-nonstream-cached-tokens.json",
    ])
    func reEncodedCaptureHasTheCapturesShape(path: String) throws {
        let body = try Fixtures.data(path)
        let capture = try JSON.parse(body)
        let canonical = try OpenAIResponsesAdapter().decodeResponse(body)
        let request = try ResponsesTestSupport.request()
        let encoded = OpenAIResponsesResponseEncoder.encode(canonical, request: request, id: "resp_abc", createdAt: 7)
        let required = [
            "id", "object", "created_at", "status", "background", "error", "incomplete_details", "instructions",
            "max_output_tokens", "model", "output", "parallel_tool_calls", "previous_response_id", "reasoning", "store",
            "temperature", "text", "tool_choice", "tools", "top_p", "truncation", "usage", "user", "metadata",
        ]
        for key in required {
            #expect(capture[key] != nil, "\(path) has \(key)")
            #expect(encoded[key] != nil, "encoded has \(key)")
        }
        #expect(encoded["output_text"] == nil)
        #expect(encoded["object"] == "response")
        #expect(encoded["status"] == "completed")
        #expect(encoded["usage"] == capture["usage"].flatMap(OpenAIResponsesUsage.decode).map(OpenAIResponsesUsage.encode))
        let capturedOutput = OpenAIResponsesItems.outputItems(of: capture)
        let output = OpenAIResponsesItems.outputItems(of: encoded)
        #expect(output.count == capturedOutput.count)
        for (mine, theirs) in zip(output, capturedOutput) {
            #expect(mine.objectValue.map { Set($0.keys) } == theirs.objectValue.map { Set($0.keys).subtracting(["phase"]) }, "\(path): same item members")
            #expect(mine["type"] == theirs["type"])
            #expect(ResponsesTestSupport.sorted(mine["content"]) == ResponsesTestSupport.sorted(theirs["content"]), "message parts equal, annotations and logprobs included")
            #expect(mine["arguments"] == theirs["arguments"])
            #expect(mine["call_id"] == theirs["call_id"])
            #expect(mine["summary"] == theirs["summary"])
            #expect(mine["encrypted_content"] == theirs["encrypted_content"])
        }
    }

    @Test func itemIDsDeriveFromTheResponseID() {
        let response = GenerationResponse(
            id: "up", model: "m", created: 1,
            content: [.text("a"), .toolCall(ToolCall(id: "c", name: "f", arguments: "{}")), .text("b")],
            finishReason: .toolCalls, usage: Usage())
        let request = try? ResponsesTestSupport.request()
        guard let request else { return }
        let first = OpenAIResponsesResponseEncoder.encode(response, request: request, id: "resp_123", createdAt: 1)
        let again = OpenAIResponsesResponseEncoder.encode(response, request: request, id: "resp_123", createdAt: 1)
        #expect(first == again)
        #expect(OpenAIResponsesItems.outputItems(of: first).compactMap { $0["id"]?.stringValue } == ["msg_123_0", "fc_123_1", "msg_123_2"])
    }

    @Test func echoesTheRequest() throws {
        let request = try ResponsesTestSupport.request(#"{"model":"m","input":"x","instructions":"rules","previous_response_id":"resp_0","store":false,"temperature":0.3,"top_p":0.5,"max_output_tokens":64,"tools":[{"type":"function","name":"f"}],"tool_choice":"required","text":{"verbosity":"low"},"reasoning":{"effort":"high"},"metadata":{"a":"b"},"user":"u","parallel_tool_calls":false,"truncation":"auto","prompt_cache_key":"k"}"#)
        let response = GenerationResponse(id: "u", model: "served", created: 1, content: [.refusal("no")], finishReason: .contentFilter, usage: Usage(promptTokens: 10, completionTokens: 2, cachedTokens: 4, reasoningTokens: 1))
        let encoded = OpenAIResponsesResponseEncoder.encode(response, request: request, id: "resp_9", createdAt: 99)
        #expect(encoded["status"] == "incomplete")
        #expect(encoded["incomplete_details"] == .object(["reason": "content_filter"]))
        #expect(encoded["model"] == "served")
        #expect(encoded["created_at"] == .int(99))
        #expect(encoded["instructions"] == "rules")
        #expect(encoded["previous_response_id"] == "resp_0")
        #expect(encoded["store"] == .bool(false))
        #expect(encoded["temperature"] == .number("0.3"))
        #expect(encoded["top_p"] == .number("0.5"))
        #expect(encoded["max_output_tokens"] == .int(64))
        #expect(encoded["tools"] == .array([.object(["type": "function", "name": "f"])]))
        #expect(encoded["tool_choice"] == "required")
        #expect(encoded["text"] == .object(["verbosity": "low", "format": .object(["type": "text"])]))
        #expect(encoded["reasoning"] == .object(["effort": "high", "summary": .null]))
        #expect(encoded["metadata"] == .object(["a": "b"]))
        #expect(encoded["user"] == "u")
        #expect(encoded["parallel_tool_calls"] == .bool(false))
        #expect(encoded["truncation"] == "auto")
        #expect(encoded["prompt_cache_key"] == "k")
        #expect(encoded["background"] == .bool(false))
        #expect(encoded["usage"] == .object([
            "input_tokens": .int(10), "input_tokens_details": .object(["cached_tokens": .int(4)]),
            "output_tokens": .int(2), "output_tokens_details": .object(["reasoning_tokens": .int(1)]), "total_tokens": .int(12),
        ]))
        #expect(OpenAIResponsesItems.outputItems(of: encoded) == [.object([
            "id": "msg_9_0", "type": "message", "status": "completed",
            "content": .array([.object(["type": "refusal", "refusal": "no"])]), "role": "assistant",
        ])])
    }
}
