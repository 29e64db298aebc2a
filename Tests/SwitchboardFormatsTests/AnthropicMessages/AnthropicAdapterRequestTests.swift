import SwitchboardCore
import SwitchboardFormats
import Testing

/// Canonical requests from other formats written as Anthropic Messages bodies.
@Suite("Anthropic adapter: requests for an Anthropic channel")
struct AnthropicAdapterRequestTests {
    let adapter = AnthropicMessagesAdapter()

    func encode(_ request: GenerationRequest, stream: Bool = false) throws -> JSONValue {
        try JSON.parse(try adapter.encodeRequest(request, model: "claude-upstream", stream: stream))
    }

    @Test func writesAChatToolLoop() throws {
        var request = GenerationRequest(
            model: "alias",
            messages: [
                Message(role: .system, content: [.text("be brief")]),
                Message(role: .developer, content: [.text("use tools")]),
                Message(role: .user, content: [
                    .text("look"), .image(ImageSource(url: "data:image/jpeg;base64,/9j/4A")),
                    .image(ImageSource(url: "https://x/y.png", detail: "low")),
                ]),
                Message(role: .assistant, content: [
                    .reasoning(Reasoning(text: "openai summary", encryptedContent: "gAAA", providerFamily: "openai", id: "rs_1")),
                    .text(""),
                    .toolCall(ToolCall(id: "call_1", name: "f", arguments: #"{"a":1}"#)),
                    .toolCall(ToolCall(id: "call_2", name: "g", arguments: "")),
                ]),
                Message(role: .tool, content: [.toolResult(ToolResult(toolCallID: "call_1", content: [.text("42")]))]),
                Message(role: .tool, content: [.toolResult(ToolResult(toolCallID: "call_2", content: [.text("")]))]),
                Message(role: .user, content: [.text("next")]),
            ],
            tools: [ToolDefinition(name: "f", description: "d", parameters: .object(["type": "object"]), strict: true), ToolDefinition(name: "g")],
            toolChoice: .auto, parallelToolCalls: false, temperature: 1.5, topP: 0.9, stop: ["END"], seed: 3,
            user: "u-9", metadata: ["trace": "t"], extra: ["n": .int(1), "frequency_penalty": .int(1)], extraFormat: .openAIChat)
        request.topK = 5
        let body = try encode(request, stream: true)
        #expect(body["model"] == "claude-upstream")
        #expect(body["max_tokens"] == .int(8192), "Anthropic requires max_tokens: 8192 by default")
        #expect(body["system"] == .array([.object(["type": "text", "text": "be brief"]), .object(["type": "text", "text": "use tools"])]))
        #expect(body["messages"] == .array([
            .object(["role": "user", "content": .array([
                .object(["type": "text", "text": "look"]),
                .object(["type": "image", "source": .object(["type": "base64", "media_type": "image/jpeg", "data": "/9j/4A"])]),
                .object(["type": "image", "source": .object(["type": "url", "url": "https://x/y.png"])]),
            ])]),
            .object(["role": "assistant", "content": .array([
                .object(["type": "tool_use", "id": "call_1", "name": "f", "input": .object(["a": .int(1)])]),
                .object(["type": "tool_use", "id": "call_2", "name": "g", "input": .object([:])]),
            ])]),
            .object(["role": "user", "content": .array([
                .object(["type": "tool_result", "tool_use_id": "call_1", "content": "42"]),
                .object(["type": "tool_result", "tool_use_id": "call_2"]),
                .object(["type": "text", "text": "next"]),
            ])]),
        ]))
        #expect(body["tools"] == .array([
            .object(["name": "f", "description": "d", "input_schema": .object(["type": "object"])]),
            .object(["name": "g", "input_schema": .object(["type": "object"])]),
        ]))
        #expect(body["tool_choice"] == .object(["type": "auto", "disable_parallel_tool_use": .bool(true)]))
        #expect(body["stop_sequences"] == .array(["END"]))
        #expect(body["temperature"] == .int(1), "clamped to Anthropic's 0...1")
        #expect(body["top_p"]?.doubleValue == 0.9)
        #expect(body["top_k"] == .int(5))
        #expect(body["metadata"] == .object(["user_id": "u-9"]))
        #expect(body["stream"] == .bool(true))
        for absent in ["seed", "n", "frequency_penalty", "thinking"] { #expect(body[absent] == nil, "\(absent)") }
    }

    @Test func keepsNativeReasoningAndDropsForeignInOrder() throws {
        let request = GenerationRequest(model: "m", messages: [
            Message(role: .user, content: [.text("q")]),
            Message(role: .assistant, content: [
                .reasoning(Reasoning(text: "mine", signature: "sig", providerFamily: "anthropic")),
                .reasoning(Reasoning(text: "", encryptedContent: "red", providerFamily: "anthropic")),
                .reasoning(Reasoning(text: "unsigned", providerFamily: "anthropic")),
                .reasoning(Reasoning(text: "theirs", signature: "gsig", providerFamily: "gemini")),
                .text("a"),
                .unknown(.object(["type": "server_tool_use", "id": "s"])),
                .toolCall(ToolCall(id: "t", name: "f", arguments: "{}", signature: "gemini-call-sig")),
            ]),
        ])
        let content = try encode(request)["messages"]?.arrayValue?.last?["content"]
        #expect(content == .array([
            .object(["type": "thinking", "thinking": "mine", "signature": "sig"]),
            .object(["type": "redacted_thinking", "data": "red"]),
            .object(["type": "text", "text": "a"]),
            .object(["type": "tool_use", "id": "t", "name": "f", "input": .object([:])]),
        ]), "foreign reasoning, unsigned thinking and another format's unknown blocks are dropped; order is kept")
    }

    @Test func keepsAnthropicUnknownBlocksAndExtraForAnAnthropicClient() throws {
        let block: JSONValue = .object(["type": "document", "source": .object(["type": "text", "media_type": "text/plain", "data": "d"])])
        let request = GenerationRequest(
            model: "m", messages: [Message(role: .user, content: [block.asUnknown])],
            tools: [ToolDefinition(name: "f", parameters: .object(["type": "object"]))],
            extra: ["tools": .array([.object(["type": "web_search_20250305", "name": "web_search"])]), "service_tier": "auto", "stream": .bool(true)],
            extraFormat: .anthropicMessages)
        let body = try encode(request)
        #expect(body["messages"]?.arrayValue?.first?["content"] == .array([block]))
        #expect(body["tools"]?.arrayValue?.map { $0["name"] } == ["f", "web_search"])
        #expect(body["service_tier"] == "auto")
        #expect(body["stream"] == nil, "stream is the adapter's to decide")
    }

    @Test func mapsThinkingBudgetsAndEfforts() throws {
        func thinking(_ configure: (inout GenerationRequest) -> Void) throws -> (JSONValue?, JSONValue?) {
            var request = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("q")])], temperature: 0.2, topK: 3)
            configure(&request)
            let body = try encode(request)
            return (body["thinking"], body["max_tokens"])
        }
        let low = try thinking { $0.reasoningEffort = "low" }
        #expect(low.0 == .object(["type": "enabled", "budget_tokens": .int(1024)]))
        #expect(low.1 == .int(1024 + 4096))
        #expect(try thinking { $0.reasoningEffort = "medium" }.0?["budget_tokens"] == .int(4096))
        #expect(try thinking { $0.reasoningEffort = "high" }.0?["budget_tokens"] == .int(16384))
        #expect(try thinking { $0.reasoningEffort = "minimal" }.0 == nil)
        #expect(try thinking { $0.reasoningEffort = "none" }.0 == nil)
        #expect(try thinking { $0.thinkingBudgetTokens = 0; $0.reasoningEffort = "high" }.0 == nil)
        #expect(try thinking { $0.thinkingBudgetTokens = 500 }.0?["budget_tokens"] == .int(1024))
        let fitted = try thinking { $0.thinkingBudgetTokens = 8000; $0.maxOutputTokens = 3000 }
        #expect(fitted.0?["budget_tokens"] == .int(2999))
        #expect(fitted.1 == .int(3000))
        #expect(try thinking { $0.reasoningEffort = "high"; $0.maxOutputTokens = 1000 }.0 == nil)
        #expect(try thinking { $0.reasoningEffort = "high"; $0.toolChoice = .required; $0.tools = [ToolDefinition(name: "f")] }.0 == nil)

        var request = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("q")])], temperature: 0.2, topP: 0.5, topK: 3)
        request.reasoningEffort = "medium"
        let body = try encode(request)
        #expect(body["temperature"] == nil && body["top_p"] == nil && body["top_k"] == nil, "Anthropic refuses them with thinking on")
    }

    @Test func asksForJSONInTheSystemPrompt() throws {
        let schema: JSONValue = .object(["type": "object", "properties": .object(["a": .object(["type": "string"])])])
        let request = GenerationRequest(
            model: "m", messages: [Message(role: .system, content: [.text("sys")]), Message(role: .user, content: [.text("q")])],
            responseFormat: .jsonSchema(name: "answer", schema: schema, strict: true))
        let system = try #require(try encode(request)["system"]?.arrayValue)
        #expect(system.first == .object(["type": "text", "text": "sys"]))
        let instruction = try #require(system.last?["text"]?.stringValue)
        #expect(instruction.contains("\"answer\""))
        #expect(instruction.hasSuffix(JSON.string(schema)))
        let objectOnly = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("q")])], responseFormat: .jsonObject)
        #expect(try encode(objectOnly)["system"]?.stringValue?.contains("JSON object") == true)
    }

    @Test func rejectsWhatAnthropicCannotAnswer() {
        let messages = [Message(role: .user, content: [.text("q")])]
        let cases: [(GenerationRequest, String)] = [
            (GenerationRequest(model: "m", messages: messages, extra: ["n": .int(2)], extraFormat: .openAIChat), "n"),
            (GenerationRequest(model: "m", messages: messages, extra: ["logprobs": .bool(true)], extraFormat: .openAIChat), "logprobs"),
            (GenerationRequest(model: "m", messages: messages, extra: ["top_logprobs": .int(3)], extraFormat: .openAIResponses), "top_logprobs"),
            (GenerationRequest(model: "m", messages: messages + [
                Message(role: .assistant, content: [.toolCall(ToolCall(id: "c", name: "f", arguments: "{broken"))]),
            ]), "messages[1]"),
        ]
        for (request, param) in cases {
            do {
                _ = try adapter.encodeRequest(request, model: "m", stream: false)
                Issue.record("accepted a request with \(param)")
            } catch {
                #expect(error.status == 400)
                #expect(error.param == param)
            }
        }
    }

    @Test func pathAndOneSystemTextAsAString() throws {
        #expect(adapter.path(model: "claude", stream: true) == "/messages")
        let request = GenerationRequest(model: "m", messages: [Message(role: .system, content: [.text("only")]), Message(role: .user, content: [.text("q")])])
        let body = try encode(request)
        #expect(body["system"] == "only")
        #expect(body["stream"] == nil)
        #expect(body.objectValue?.keys == ["model", "max_tokens", "system", "messages"])
    }
}

extension JSONValue {
    var asUnknown: ContentBlock { .unknown(self) }
}
