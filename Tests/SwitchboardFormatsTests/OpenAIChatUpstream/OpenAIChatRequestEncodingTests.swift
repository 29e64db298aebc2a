import Testing
import SwitchboardCore
import SwitchboardFormats

@Suite("Canonical requests encode as Chat Completions bodies")
struct OpenAIChatRequestEncodingTests {
    /// A conversation as the Anthropic client decoder builds it: system blocks, a user turn with a
    /// base64 image, an assistant turn with signed thinking, text and two tool calls, then the two
    /// tool results in one user turn.
    static let anthropicConversation = GenerationRequest(
        model: "claude-sonnet-4-5",
        messages: [
            Message(role: .system, content: [.text("You are terse."), .text("Use metric units.")]),
            Message(role: .user, content: [
                .text("Where is this, and what is the weather in Paris and Rome?"),
                .image(ImageSource(mediaType: "image/jpeg", base64Data: "/9j/4AAQ")),
            ]),
            Message(role: .assistant, content: [
                .reasoning(Reasoning(text: "Two cities.", signature: "EqQBCkYIBxgCKkA", providerFamily: "anthropic")),
                .text("Checking both."),
                .toolCall(ToolCall(id: "toolu_01A", name: "get_weather", arguments: #"{"city":"Paris"}"#)),
                .toolCall(ToolCall(id: "toolu_01B", name: "get_weather", arguments: #"{"city":"Rome"}"#)),
            ]),
            Message(role: .user, content: [
                .toolResult(ToolResult(toolCallID: "toolu_01A", content: [.text("18 C"), .text("cloudy")])),
                .toolResult(ToolResult(toolCallID: "toolu_01B", content: [.text("24 C")], isError: false)),
            ]),
        ],
        tools: [ToolDefinition(
            name: "get_weather", description: "Current weather",
            parameters: .object(["type": "object", "properties": .object(["city": .object(["type": "string"])]), "required": .array(["city"])]))],
        toolChoice: .auto, maxOutputTokens: 1024, temperature: 0.5, stop: ["END"], thinkingBudgetTokens: 2048,
        topK: 40, metadata: ["user_id": "user_123"], stream: true,
        extra: ["anthropic_beta": .array(["interleaved-thinking-2025-05-14"])], extraFormat: .anthropicMessages)

    @Test func anthropicConversationExactly() throws {
        let body = try OpenAIChatAdapter().encodeRequest(Self.anthropicConversation, model: "deepseek-chat", stream: true)
        let expected = #"""
            {"model":"deepseek-chat","messages":[\#
            {"role":"system","content":"You are terse.\n\nUse metric units."},\#
            {"role":"user","content":[{"type":"text","text":"Where is this, and what is the weather in Paris and Rome?"},{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}}]},\#
            {"role":"assistant","content":"Checking both.","tool_calls":[\#
            {"id":"toolu_01A","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},\#
            {"id":"toolu_01B","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},\#
            {"role":"tool","tool_call_id":"toolu_01A","content":"18 C\ncloudy"},\#
            {"role":"tool","tool_call_id":"toolu_01B","content":"24 C"}],\#
            "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],\#
            "tool_choice":"auto","max_tokens":1024,"temperature":0.5,"stop":["END"],"reasoning_effort":"medium",\#
            "stream":true,"stream_options":{"include_usage":true}}
            """#
        #expect(String(decoding: body, as: UTF8.self) == expected)
        #expect(OpenAIChatAdapter().path(model: "deepseek-chat", stream: true) == "/chat/completions")
    }

    @Test func withoutStreamUsageAndWithMaxCompletionTokens() throws {
        var request = Self.anthropicConversation
        request.thinkingBudgetTokens = nil
        let adapter = OpenAIChatAdapter(streamUsage: false, maxTokensField: .maxCompletionTokens)
        let streamed = try JSON.parse(adapter.encodeRequest(request, model: "m", stream: true))
        #expect(streamed["stream"] == .bool(true))
        #expect(streamed["stream_options"] == nil)
        #expect(streamed["max_completion_tokens"] == .int(1024))
        #expect(streamed["max_tokens"] == nil)
        #expect(streamed["reasoning_effort"] == nil)
        let whole = try JSON.parse(OpenAIChatAdapter().encodeRequest(request, model: "m", stream: false))
        #expect(whole["stream"] == nil)
        #expect(whole["stream_options"] == nil)
    }

    @Test func reasoningFromAChatUpstreamGoesBackOnlyWithToolCalls() throws {
        let request = GenerationRequest(model: "deepseek-reasoner", messages: [
            Message(role: .user, content: [.text("weather?")]),
            Message(role: .assistant, content: [.reasoning(Reasoning(text: "Call the tool.")), .toolCall(ToolCall(id: "call_1", name: "w", arguments: "{}"))]),
            Message(role: .tool, content: [.toolResult(ToolResult(toolCallID: "call_1", content: [.text("sunny")]))]),
            Message(role: .assistant, content: [.reasoning(Reasoning(text: "Answer now.")), .text("Sunny.")]),
            Message(role: .assistant, content: [
                .reasoning(Reasoning(text: "Gemini thought", signature: "c2ln", providerFamily: "gemini")),
                .toolCall(ToolCall(id: "call_2", name: "w", arguments: "", signature: "c2ln")),
            ]),
        ])
        let messages = try #require(try JSON.parse(OpenAIChatAdapter().encodeRequest(request, model: "m", stream: false))["messages"]?.arrayValue)
        #expect(messages.count == 5)
        #expect(messages[1] == .object([
            "role": "assistant", "content": .null, "reasoning_content": "Call the tool.",
            "tool_calls": .array([.object(["id": "call_1", "type": "function", "function": .object(["name": "w", "arguments": "{}"])])]),
        ]))
        #expect(messages[2] == .object(["role": "tool", "tool_call_id": "call_1", "content": "sunny"]))
        #expect(messages[3] == .object(["role": "assistant", "content": "Sunny."]), "no reasoning without tool calls")
        #expect(messages[4]["reasoning_content"] == nil, "foreign reasoning is never sent")
        #expect(messages[4]["tool_calls"]?.arrayValue?.first?["function"]?["arguments"] == "{}")
    }

    @Test func chatClientExtrasMetadataAndUnknownPartsSurvive() throws {
        let audio: JSONValue = .object(["type": "input_audio", "input_audio": .object(["data": "AAA", "format": "wav"])])
        let request = GenerationRequest(
            model: "m",
            messages: [
                Message(role: .developer, content: [.text("rules")]),
                Message(role: .user, content: [.text("hear"), .unknown(audio)], name: "ann"),
                Message(role: .assistant, content: [.refusal("No.")]),
            ],
            toolChoice: .function("lookup"), parallelToolCalls: false,
            responseFormat: .jsonSchema(name: "answer", schema: .object(["type": "object"]), strict: true),
            topP: 0.9, seed: 7, reasoningEffort: "high", user: "u-1", metadata: ["trace": "t1"],
            extra: ["logprobs": .bool(true), "stream": .bool(true), "model": "other"], extraFormat: .openAIChat)
        let body = try JSON.parse(OpenAIChatAdapter().encodeRequest(request, model: "m", stream: false))
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages[0] == .object(["role": "developer", "content": "rules"]))
        #expect(messages[1] == .object(["role": "user", "content": .array([.object(["type": "text", "text": "hear"]), audio]), "name": "ann"]))
        #expect(messages[2] == .object(["role": "assistant", "content": .null, "refusal": "No."]))
        #expect(body["tool_choice"] == .object(["type": "function", "function": .object(["name": "lookup"])]))
        #expect(body["parallel_tool_calls"] == .bool(false))
        #expect(body["response_format"] == .object(["type": "json_schema", "json_schema": .object(["name": "answer", "schema": .object(["type": "object"]), "strict": .bool(true)])]))
        #expect(body["top_p"] == .number("0.9"))
        #expect(body["seed"] == .int(7))
        #expect(body["reasoning_effort"] == "high")
        #expect(body["user"] == "u-1")
        #expect(body["metadata"] == .object(["trace": "t1"]))
        #expect(body["logprobs"] == .bool(true))
        #expect(body["model"] == "m", "extra never overrides a member the adapter set")
        #expect(body["stream"] == nil, "extra never turns streaming on")
    }

    @Test func foreignUnknownBlocksAndMetadataAreDropped() throws {
        let request = GenerationRequest(
            model: "m",
            messages: [Message(role: .user, content: [.text("hi"), .unknown(.object(["type": "document", "source": "x"]))])],
            responseFormat: .jsonObject, metadata: ["user_id": "u"], extra: ["service_tier": "auto"], extraFormat: .anthropicMessages)
        let body = try JSON.parse(OpenAIChatAdapter().encodeRequest(request, model: "m", stream: false))
        #expect(body["messages"] == .array([.object(["role": "user", "content": "hi"])]))
        #expect(body["metadata"] == nil)
        #expect(body["service_tier"] == nil)
        #expect(body["response_format"] == .object(["type": "json_object"]))
    }

    @Test func thinkingBudgetMapsToEffort() throws {
        let cases: [(Int?, String?)] = [(nil, nil), (0, nil), (-1, nil), (1024, "low"), (1025, "medium"), (8192, "medium"), (8193, "high"), (32000, "high")]
        for (budget, effort) in cases {
            let request = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("x")])], thinkingBudgetTokens: budget)
            let body = try JSON.parse(OpenAIChatAdapter().encodeRequest(request, model: "m", stream: false))
            #expect(body["reasoning_effort"]?.stringValue == effort, "budget \(String(describing: budget))")
        }
        let explicit = GenerationRequest(model: "m", messages: [], reasoningEffort: "minimal", thinkingBudgetTokens: 20000)
        #expect(try JSON.parse(OpenAIChatAdapter().encodeRequest(explicit, model: "m", stream: false))["reasoning_effort"] == "minimal")
    }

    @Test func imageURLsKeepTheirDetail() throws {
        let request = GenerationRequest(model: "m", messages: [
            Message(role: .user, content: [.image(ImageSource(url: "https://example.com/a.png", detail: "low"))]),
        ])
        let body = try JSON.parse(OpenAIChatAdapter().encodeRequest(request, model: "m", stream: false))
        #expect(body["messages"]?.arrayValue?.first?["content"] == .array([
            .object(["type": "image_url", "image_url": .object(["url": "https://example.com/a.png", "detail": "low"])]),
        ]))
    }
}
