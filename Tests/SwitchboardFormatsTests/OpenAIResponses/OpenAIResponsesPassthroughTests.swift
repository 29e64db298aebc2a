import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Responses passthrough: body rewrite and observing the upstream's answer")
struct OpenAIResponsesPassthroughTests {
    @Test func rewriteKeepsEveryOtherByte() throws {
        let body = try Fixtures.data("clients/codex/responses-first-turn-v0.34.0.request.json")
        let rewritten = try OpenAIResponsesPassthrough.rewrite(body: body, upstreamModel: "gpt-5-2025-08-07", expandedInput: nil)
        let original = String(decoding: body, as: UTF8.self)
        let expected = original.replacingOccurrences(of: #"{"model":"gpt-5","#, with: #"{"model":"gpt-5-2025-08-07","#)
        #expect(String(decoding: rewritten, as: UTF8.self) == expected)
        #expect(rewritten.count == body.count + 11)
        #expect(try OpenAIResponsesPassthrough.rewrite(body: body, upstreamModel: "gpt-5", expandedInput: nil) == body, "same model: the very bytes")
    }

    @Test func rewriteExpandsTheChain() throws {
        let body = Array(#"{ "model" : "alias", "previous_response_id":"resp_1", "input":"again", "x_vendor": [1, 2.50] }"#.utf8)
        let items: [JSONValue] = [.object(["type": "message", "role": "user", "content": "first"]), .object(["type": "message", "role": "user", "content": "again"])]
        let rewritten = String(decoding: try OpenAIResponsesPassthrough.rewrite(body: body, upstreamModel: "gpt-5", expandedInput: items), as: UTF8.self)
        #expect(rewritten == #"{ "model" : "gpt-5", "input":[{"type":"message","role":"user","content":"first"},{"type":"message","role":"user","content":"again"}], "x_vendor": [1, 2.50] }"#)
        #expect(throws: GatewayError.self) { try OpenAIResponsesPassthrough.rewrite(body: Array("{nope".utf8), upstreamModel: "m", expandedInput: nil) }
    }

    @Test func streamObserverRewritesModelAndReadsTheEnd() throws {
        let upstream = try ResponsesTestSupport.events("openai/responses-stream-reasoning-function-call-usage.sse")
        var observer = OpenAIResponsesStreamObserver(clientModel: "my-gpt")
        var relayed: [UInt8] = []
        for event in upstream { relayed += observer.relay(event) }
        var parser = SSEParser()
        let events = try parser.feed(relayed)
        #expect(events.count == upstream.count)
        for (mine, theirs) in zip(events, upstream) {
            #expect(mine.event == theirs.event)
            let type = ResponsesTestSupport.type(theirs)
            if type.hasPrefix("response.") && ["created", "in_progress", "completed"].contains(type.dropFirst(9)) {
                let expected = String(decoding: theirs.data, as: UTF8.self)
                    .replacingOccurrences(of: #""model":"gpt-5-2025-08-07""#, with: #""model":"my-gpt""#)
                #expect(String(decoding: mine.data, as: UTF8.self) == expected, "only the model changes in \(type)")
            } else {
                #expect(mine.data == theirs.data, "\(type) passes untouched")
            }
        }
        #expect(observer.sawContent)
        #expect(observer.sawTerminalEvent)
        #expect(observer.usage == Usage(promptTokens: 53, completionTokens: 469, reasoningTokens: 448))
        #expect(observer.finishReason == .toolCalls)
        #expect(observer.finalResponse?["model"] == "my-gpt")
        #expect(observer.finalResponse?["output"]?.arrayValue?.count == 2)
        #expect(observer.upstreamError == nil)
    }

    @Test func streamObserverReportsErrors() throws {
        var observer = OpenAIResponsesStreamObserver(clientModel: "m")
        for event in try ResponsesTestSupport.events("openai/responses-stream-error-event.jsonl") { _ = observer.relay(event) }
        #expect(observer.upstreamError?.status == 429)
        #expect(observer.upstreamError?.code == "insufficient_quota")
        #expect(observer.finalResponse?["status"] == "failed")
        #expect(observer.finalResponse?["model"] == "m")
        #expect(observer.sawContent == false)
        #expect(observer.finishReason == nil)
    }

    @Test func responseObserverSplicesTheModel() throws {
        let body = try Fixtures.data("openai/responses-nonstream-reasoning-summary.json")
        let observed = OpenAIResponsesResponseObserver.observe(body: body, clientModel: "mini")
        let expected = String(decoding: body, as: UTF8.self)
            .replacingOccurrences(of: #""model": "gpt-5-mini-2025-08-07""#, with: #""model": "mini""#)
        #expect(String(decoding: observed.body, as: UTF8.self) == expected)
        #expect(observed.response?["model"] == "mini")
        #expect(observed.usage == Usage(promptTokens: 865, completionTokens: 163, reasoningTokens: 128))
        #expect(observed.finishReason == .stop)
    }
}
