import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Chat upstream answers and errors decode into the canonical model (golden, every chat-nonstream capture)")
struct OpenAIChatResponseDecodingTests {
    let adapter = OpenAIChatAdapter()

    func decode(_ name: String) throws -> GenerationResponse {
        try adapter.decodeResponse(try Fixtures.data("openai/\(name).json"))
    }

    @Test func plainText() throws {
        let response = try decode("chat-nonstream-text")
        #expect(response.id == "chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU")
        #expect(response.model == "gpt-4.1-nano-2025-04-14")
        #expect(response.created == 1_770_933_883)
        #expect(response.content.count == 1)
        #expect(response.content.first?.text?.hasPrefix("**Holiday Name:** Galaxy Day") == true)
        #expect(response.finishReason == .stop)
        #expect(response.usage == Usage(promptTokens: 16, completionTokens: 363))
    }

    @Test func singleToolCall() throws {
        let response = try decode("chat-nonstream-tool-call-single")
        #expect(response.content == [.toolCall(ToolCall(
            id: "call_Y6qJ7ofLgOrBnMD5WbVAeiRV", name: "GetWeatherArgs",
            arguments: #"{"city":"Edinburgh","country":"UK","units":"c"}"#))])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == Usage(promptTokens: 76, completionTokens: 24))
    }

    @Test func parallelToolCallsInOrder() throws {
        let response = try decode("chat-nonstream-tool-calls-parallel")
        #expect(response.id == "chatcmpl-ABfvyvfNWKcl7Ohqos4UFrmMs1v4C")
        #expect(response.content == [
            .toolCall(ToolCall(id: "call_fdNz3vOBKYgOIpMdWotB9MjY", name: "GetWeatherArgs", arguments: #"{"city": "Edinburgh", "country": "GB", "units": "c"}"#)),
            .toolCall(ToolCall(id: "call_h1DWI1POMJLb0KwIyQHWXD4p", name: "get_stock_price", arguments: #"{"ticker": "AAPL", "exchange": "NASDAQ"}"#)),
        ])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == Usage(promptTokens: 149, completionTokens: 60))
    }

    @Test func refusal() throws {
        let response = try decode("chat-nonstream-refusal")
        #expect(response.content == [.refusal("I'm very sorry, but I can't assist with that.")])
        #expect(response.finishReason == .stop)
        #expect(response.usage == Usage(promptTokens: 79, completionTokens: 12))
    }

    @Test func reasoningTokens() throws {
        let response = try decode("chat-nonstream-reasoning-usage-o3-mini")
        #expect(response.model == "o3-mini-2025-01-31")
        #expect(response.content.first?.text?.hasPrefix("The capital of Mexico is Mexico City.") == true)
        #expect(response.usage == Usage(promptTokens: 13, completionTokens: 238, reasoningTokens: 192))
    }

    @Test func cachedTokens() throws {
        let response = try decode("chat-nonstream-cached-tokens")
        #expect(response.content == [.text("OK")])
        #expect(response.usage == Usage(promptTokens: 4020, completionTokens: 4, cachedTokens: 4012))
    }

    @Test func deepSeekReasoningContentAndCacheHits() throws {
        // DeepSeek's dialect: `reasoning_content` beside content, cache hits as `prompt_cache_hit_tokens`.
        let body = #"{"id":"ds1","object":"chat.completion","created":3,"model":"deepseek-reasoner","choices":[{"index":0,"message":{"role":"assistant","content":"","reasoning_content":"Need the weather.","tool_calls":[{"index":0,"id":"call_0","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":20,"completion_tokens":9,"prompt_cache_hit_tokens":16,"prompt_cache_miss_tokens":4}}"#
        let response = try adapter.decodeResponse(Array(body.utf8))
        #expect(response.content == [
            .reasoning(Reasoning(text: "Need the weather.")),
            .toolCall(ToolCall(id: "call_0", name: "get_weather", arguments: #"{"city":"Paris"}"#)),
        ])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == Usage(promptTokens: 20, completionTokens: 9, cachedTokens: 16))
    }

    @Test func finishReasonsMap() {
        #expect(OpenAIChatFinishReason.decode("function_call") == .toolCalls)
        #expect(OpenAIChatFinishReason.decode("content_filter") == .contentFilter)
        #expect(OpenAIChatFinishReason.decode("insufficient_system_resource") == .other("insufficient_system_resource"))
    }

    @Test func errorBodiesKeepStatusTypeCodeAndParam() throws {
        let rejected = adapter.decodeError(status: 400, body: try Fixtures.data("openai/chat-error-400-unsupported-parameter.json"))
        #expect(rejected.status == 400)
        #expect(rejected.kind == .upstreamStatus)
        #expect(rejected.type == "invalid_request_error")
        #expect(rejected.code == "unsupported_parameter")
        #expect(rejected.param == "max_tokens")
        #expect(rejected.message.hasPrefix("Unsupported parameter: 'max_tokens'"))
        let role = adapter.decodeError(status: 400, body: try Fixtures.data("openai/chat-error-400-unsupported-value.json"))
        #expect(role.code == "unsupported_value")
        #expect(role.param == "messages[0].role")
    }

    @Test func unusableBodiesAre502() {
        #expect(throws: GatewayError.self) { _ = try adapter.decodeResponse(Array(#"{"id": "chatcmpl-broken", "choices": ["#.utf8)) }
        #expect(throws: GatewayError.self) { _ = try adapter.decodeResponse(Array(#"{"id":"x","choices":[]}"#.utf8)) }
    }
}
