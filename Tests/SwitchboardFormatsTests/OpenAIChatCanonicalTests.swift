import Testing
import SwitchboardCore
import SwitchboardFormats

@Suite("Chat Completions to and from the canonical model")
struct OpenAIChatCanonicalTests {
    @Test func decodesMessagesToolsAndParameters() throws {
        let text = #"{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"https://x/y.png","detail":"low"}}]},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},{"role":"tool","tool_call_id":"c1","content":"42"}],"tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"}}}],"tool_choice":{"type":"function","function":{"name":"f"}},"max_tokens":10,"max_completion_tokens":20,"temperature":0.5,"stop":"END","seed":7,"response_format":{"type":"json_object"},"x_vendor":true}"#
        let request = OpenAIChatDecoder.decode(try OpenAIChatInboundRequest(body: Array(text.utf8)))
        #expect(request.messages.map(\.role) == [.system, .user, .assistant, .tool])
        #expect(request.messages[1].content == [.text("look"), .image(ImageSource(url: "https://x/y.png", detail: "low"))])
        #expect(request.messages[2].content == [.toolCall(ToolCall(id: "c1", name: "f", arguments: #"{"a":1}"#))])
        #expect(request.messages[3].content == [.toolResult(ToolResult(toolCallID: "c1", content: [.text("42")]))])
        #expect(request.tools == [ToolDefinition(name: "f", description: "d", parameters: .object(["type": "object"]))])
        #expect(request.toolChoice == .function("f"))
        #expect(request.maxOutputTokens == 20)
        #expect(request.temperature == 0.5)
        #expect(request.stop == ["END"])
        #expect(request.seed == 7)
        #expect(request.responseFormat == .jsonObject)
        #expect(request.extra["x_vendor"] == .bool(true))
    }

    @Test func encodesAResponseWithToolCalls() {
        let response = GenerationResponse(
            id: "id1", model: "m", created: 5, content: [.toolCall(ToolCall(id: "c", name: "f", arguments: "{}"))],
            finishReason: .toolCalls, usage: Usage(promptTokens: 3, completionTokens: 2, cachedTokens: 1, reasoningTokens: 1))
        let json = OpenAIChatEncoder.encode(response)
        let message = json["choices"]?.arrayValue?.first?["message"]
        #expect(message?["content"] == .null)
        #expect(message?["tool_calls"]?.arrayValue?.first?["function"]?["name"] == "f")
        #expect(json["choices"]?.arrayValue?.first?["finish_reason"] == "tool_calls")
        #expect(json["usage"]?["total_tokens"] == .int(5))
        #expect(json["usage"]?["prompt_tokens_details"]?["cached_tokens"] == .int(1))
        #expect(json["usage"]?["completion_tokens_details"]?["reasoning_tokens"] == .int(1))
    }

    @Test func encodesStreamEventsAsChunks() throws {
        var encoder = OpenAIChatStreamEncoder(model: "alias", includeUsage: false)
        var chunks: [JSONValue] = []
        for event: StreamEvent in [
            .start(id: "c1", model: "m", created: 9), .textDelta("Hel"), .textDelta("lo"),
            .toolCallStart(index: 0, id: "t", name: "f"), .toolCallArgumentsDelta(index: 0, delta: "{}"),
            .finish(.stop), .usage(Usage(promptTokens: 1, completionTokens: 2)),
        ] {
            chunks += try encoder.encode(event).map { try JSON.parse($0.data) }
        }
        #expect(chunks.count == 6, "the usage chunk is left out when not asked for")
        #expect(chunks.allSatisfy { $0["object"] == "chat.completion.chunk" && $0["model"] == "alias" && $0["id"] == "c1" })
        #expect(chunks[0]["choices"]?.arrayValue?.first?["delta"]?["role"] == "assistant")
        let text = chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }.joined()
        #expect(text == "Hello")
        #expect(chunks[5]["choices"]?.arrayValue?.first?["finish_reason"] == "stop")

        var withUsage = OpenAIChatStreamEncoder(model: "alias", includeUsage: true)
        let usage = withUsage.encode(.usage(Usage(promptTokens: 1, completionTokens: 2)))
        #expect(try usage.map { try JSON.parse($0.data)["usage"]?["total_tokens"] } == [.int(3)])
    }
}
