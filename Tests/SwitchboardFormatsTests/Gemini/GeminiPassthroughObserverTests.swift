import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Gemini passthrough observers")
struct GeminiPassthroughObserverTests {
    @Test(arguments: [
        ("gemini/stream-sse-text.sse", Usage(promptTokens: 13, completionTokens: 8), FinishReason.stop),
        ("gemini/stream-sse-function-call.sse", Usage(promptTokens: 52, completionTokens: 5), .toolCalls),
        ("gemini/stream-sse-function-call-thought-signature.sse", Usage(promptTokens: 29, completionTokens: 212, reasoningTokens: 202), .toolCalls),
        ("gemini/stream-sse-thoughts.sse", Usage(promptTokens: 34, completionTokens: 1256, reasoningTokens: 787), .stop),
        ("gemini/stream-vertex-partial-args.jsonl", Usage(promptTokens: 26, completionTokens: 155, reasoningTokens: 132), .toolCalls),
    ])
    func streamIsRelayedUnchangedWhileUsageAndFinishAreRead(path: String, usage: Usage, finish: FinishReason) throws {
        var observer = GeminiStreamObserver(clientModel: "alias")
        var relayed: [UInt8] = []
        let events = try GeminiCapture.events(path)
        for event in events {
            relayed += observer.relay(event)
        }
        var parser = SSEParser()
        #expect(try parser.feed(relayed) == events, "every event passes as it came (modelVersion untouched)")
        #expect(observer.usage == usage)
        #expect(observer.finishReason == finish)
        #expect(observer.completed)
        #expect(observer.sawContent)
        #expect(observer.upstreamError == nil)
    }

    @Test func thoughtTextCountsAsFirstContent() throws {
        var observer = GeminiStreamObserver(clientModel: "m")
        let events = try GeminiCapture.events("gemini/stream-sse-thoughts.sse")
        _ = observer.relay(events[0])
        #expect(observer.sawContent, "thought text counts as generated content for time to first token")
        #expect(!observer.completed)
        #expect(observer.usage == Usage(promptTokens: 34, completionTokens: 68, reasoningTokens: 68))
    }

    @Test func errorChunkIsRecorded() {
        var observer = GeminiStreamObserver(clientModel: "m")
        let event = ServerSentEvent(data: #"{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}"#)
        #expect(observer.relay(event) == event.encoded())
        #expect(observer.upstreamError?.status == 500)
        #expect(observer.upstreamError?.message == "Internal error encountered.")
        #expect(!observer.completed)
    }

    @Test func nonStreamedAnswersAreObserved() throws {
        let text = GeminiResponseObserver.observe(body: try Fixtures.data("gemini/generate-content-text.json"))
        #expect(text.usage == Usage(promptTokens: 9, completionTokens: 43, reasoningTokens: 34))
        #expect(text.finishReason == .stop)
        let call = GeminiResponseObserver.observe(body: try Fixtures.data("gemini/generate-content-function-call.json"))
        #expect(call.usage == Usage(promptTokens: 23, completionTokens: 5))
        #expect(call.finishReason == .toolCalls)
        let array = GeminiResponseObserver.observe(body: try Fixtures.data("gemini/stream-json-array-thought-function-call.json"))
        #expect(array.usage == Usage(promptTokens: 32, completionTokens: 54, reasoningTokens: 42))
        #expect(array.finishReason == .toolCalls)
        let garbage = GeminiResponseObserver.observe(body: Array("nope".utf8))
        #expect(garbage.usage == nil && garbage.finishReason == nil)
    }
}
