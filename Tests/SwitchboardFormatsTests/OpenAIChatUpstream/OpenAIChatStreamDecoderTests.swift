import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Chat upstream streams decode into canonical events (golden, every chat-stream capture)")
struct OpenAIChatStreamDecoderTests {
    @Test func textWithIncludeUsage() throws {
        let stream = try ChatStreamTranscript.decode(fixture: "openai/chat-stream-text-include-usage.sse")
        #expect(stream.start?.id == "chatcmpl-Dx0Xq5Xx9rHB2ehcHZCRDsnuymUXc")
        #expect(stream.start?.model == "gpt-4o-mini-2024-07-18")
        #expect(stream.start?.created == 1_782_955_818)
        #expect(stream.text == "The capital of the UK is London.")
        #expect(stream.calls.isEmpty)
        #expect(stream.finish == .stop)
        #expect(stream.usage == Usage(promptTokens: 78, completionTokens: 9))
        #expect(stream.events.last == .usage(Usage(promptTokens: 78, completionTokens: 9)))
    }

    @Test func oneToolCallWithArgumentsInPieces() throws {
        let stream = try ChatStreamTranscript.decode(fixture: "openai/chat-stream-tool-call-include-usage.sse")
        #expect(stream.calls == [.init(id: "call_ZR5UUuTt3pf61kjwAJIYdVMj", name: "get_capital", arguments: #"{"country":"UK"}"#)])
        let deltas = stream.events.filter { if case .toolCallArgumentsDelta = $0 { true } else { false } }
        #expect(deltas.count == 5, "the capture's five argument pieces stay five deltas")
        #expect(stream.text.isEmpty)
        #expect(stream.finish == .toolCalls)
        #expect(stream.usage == Usage(promptTokens: 53, completionTokens: 15))
    }

    @Test func parallelToolCallsInOrder() throws {
        let stream = try ChatStreamTranscript.decode(fixture: "openai/chat-stream-parallel-tool-calls-include-usage.sse")
        #expect(stream.start?.id == "chatcmpl-ABfwAwrNePHUgBBezonVC6MX3zd63")
        #expect(stream.calls == [
            .init(id: "call_JMW1whyEaYG438VE1OIflxA2", name: "GetWeatherArgs", arguments: #"{"city": "Edinburgh", "country": "GB", "units": "c"}"#),
            .init(id: "call_DNYTawLBoN8fj3KN6qU9N1Ou", name: "get_stock_price", arguments: #"{"ticker": "AAPL", "exchange": "NASDAQ"}"#),
        ])
        #expect(stream.finish == .toolCalls)
        #expect(stream.usage == Usage(promptTokens: 149, completionTokens: 60))
    }

    @Test func refusalStreamedAsRefusalDeltas() throws {
        let stream = try ChatStreamTranscript.decode(fixture: "openai/chat-stream-refusal.sse")
        #expect(stream.refusal == "I'm sorry, I can't assist with that request.")
        #expect(stream.text.isEmpty)
        #expect(!stream.events.contains(.refusalDelta("")), "the empty first refusal piece yields nothing")
        #expect(stream.finish == .stop)
        #expect(stream.usage == Usage(promptTokens: 79, completionTokens: 11))
    }

    @Test func finishLength() throws {
        let stream = try ChatStreamTranscript.decode(fixture: "openai/chat-stream-finish-length.sse")
        #expect(stream.text == #"{""#)
        #expect(stream.finish == .length)
        #expect(stream.usage == Usage(promptTokens: 79, completionTokens: 1))
    }

    @Test func logprobsAreIgnored() throws {
        let stream = try ChatStreamTranscript.decode(fixture: "openai/chat-stream-logprobs.sse")
        #expect(stream.text == "Foo!")
        #expect(stream.finish == .stop)
        #expect(stream.usage == Usage(promptTokens: 9, completionTokens: 2))
    }

    @Test func threeChoicesDecodeChoiceZeroOnly() throws {
        let stream = try ChatStreamTranscript.decode(fixture: "openai/chat-stream-n3-choices.sse")
        #expect(stream.text == #"{"city":"San Francisco","temperature":65,"units":"f"}"#)
        #expect(stream.finish == .stop)
        #expect(stream.usage == Usage(promptTokens: 79, completionTokens: 42))
    }

    @Test func azureFirstChunkWithoutChoicesAndReasoningUsage() throws {
        let stream = try ChatStreamTranscript.decode(fixture: "openai/chat-stream-reasoning-usage-azure.jsonl")
        #expect(stream.start?.id == "chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt", "start waits for the first chunk with an id")
        #expect(stream.start?.model == "gpt-5-nano-2025-08-07")
        #expect(stream.start?.created == 1_762_317_021)
        #expect(stream.text == "Capital of Denmark.")
        #expect(stream.finish == .stop)
        #expect(stream.usage == Usage(promptTokens: 15, completionTokens: 78, reasoningTokens: 64))
    }

    @Test func reasoningContentAndReasoningBecomeReasoningDeltas() throws {
        // DeepSeek sends `reasoning_content`, some vLLM builds and OpenRouter `reasoning`.
        let body = """
            data: {"id":"d1","object":"chat.completion.chunk","created":7,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Think"},"finish_reason":null}]}

            data: {"id":"d1","object":"chat.completion.chunk","created":7,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"reasoning":"ing."},"finish_reason":null}]}

            data: {"id":"d1","object":"chat.completion.chunk","created":7,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"prompt_cache_hit_tokens":8,"completion_tokens_details":{"reasoning_tokens":3}}}

            data: [DONE]


            """
        let stream = try ChatStreamTranscript.decode(body: Array(body.utf8))
        #expect(stream.events.contains(.reasoningDelta(Reasoning(text: "Think"))))
        #expect(stream.reasoning == "Thinking.")
        #expect(stream.text == "Hi")
        #expect(stream.usage == Usage(promptTokens: 10, completionTokens: 5, cachedTokens: 8, reasoningTokens: 3))
        #expect(stream.events.prefix(2) == [.start(id: "d1", model: "deepseek-reasoner", created: 7), .reasoningDelta(Reasoning(text: "Think"))])
    }

    @Test func errorObjectInTheStreamThrowsWithItsStatus() throws {
        var decoder = OpenAIChatStreamDecoder()
        let overloaded = ServerSentEvent(data: #"{"error":{"message":"Overloaded","type":"server_error","code":"overloaded","status":503}}"#)
        #expect(throws: GatewayError(.upstreamStatus, "Overloaded", status: 503, code: "overloaded", type: "server_error")) {
            _ = try decoder.decode(overloaded)
        }
        var other = OpenAIChatStreamDecoder()
        let plain = ServerSentEvent(data: #"{"error":{"message":"Injected failure in the stream","type":"server_error","param":null,"code":"injected_stream_error"}}"#)
        do {
            _ = try other.decode(plain)
            Issue.record("no error thrown")
        } catch {
            #expect(error.status == 502)
            #expect(error.kind == .upstreamStatus)
            #expect(error.code == "injected_stream_error")
            #expect(error.message == "Injected failure in the stream")
        }
    }

    @Test func aStreamCutShortIsA502() throws {
        let events = Fixtures.events(of: try Fixtures.streamBody("openai/chat-stream-text-include-usage.sse"))
        var decoder = OpenAIChatStreamDecoder()
        var parser = SSEParser()
        for event in events.prefix(3) {
            for parsed in try parser.feed(event) { _ = try decoder.decode(parsed) }
        }
        do {
            _ = try decoder.finish()
            Issue.record("a cut stream finished")
        } catch {
            #expect(error.status == 502)
        }
    }

    @Test func doneWithoutFinishReasonEndsWithStop() throws {
        let body = "data: {\"id\":\"x\",\"model\":\"m\",\"created\":1,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\ndata: [DONE]\n\n"
        let stream = try ChatStreamTranscript.decode(body: Array(body.utf8))
        #expect(stream.events == [.start(id: "x", model: "m", created: 1), .textDelta("a"), .finish(.stop)])
    }

    @Test func unreadableChunkIsA502() {
        var decoder = OpenAIChatStreamDecoder()
        #expect(throws: GatewayError.self) { _ = try decoder.decode(ServerSentEvent(data: "{not json")) }
    }
}
