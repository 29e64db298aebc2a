import Foundation
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting
import Testing

/// Anthropic client on an Anthropic channel: bytes relayed, only the model name rewritten.
@Suite("Anthropic passthrough")
struct AnthropicPassthroughTests {
    @Test func rewritesOnlyTheModel() throws {
        let body = try Fixtures.data("clients/opencode/anthropic-messages-forced-tool-call.request.json")
        let rewritten = try AnthropicMessagesPassthrough.rewrite(body: body, upstreamModel: "claude-haiku-4-5")
        let expected = String(decoding: body, as: UTF8.self)
            .replacingFirst(#""model":"claude-haiku-4-5-20251001""#, with: #""model":"claude-haiku-4-5""#)
        #expect(String(decoding: rewritten, as: UTF8.self) == expected)
        #expect(try AnthropicMessagesPassthrough.rewrite(body: body, upstreamModel: "claude-haiku-4-5-20251001") == body)
        #expect(throws: GatewayError.self) { try AnthropicMessagesPassthrough.rewrite(body: Array("{oops".utf8), upstreamModel: "m") }
    }

    @Test func streamObserverRelaysBytesAndReadsUsage() throws {
        let capture = try AnthropicStreamCapture("anthropic/messages-stream-thinking-signature.sse")
        var observer = AnthropicMessagesStreamObserver(clientModel: "my-haiku")
        var sawContentAt: Int?
        for (position, event) in capture.events.enumerated() {
            let bytes = observer.relay(event)
            if position == 0 {
                let message = try JSON.parse(Array(String(decoding: bytes, as: UTF8.self).dropFirst("event: message_start\ndata: ".count).utf8))
                #expect(message["message"]?["model"] == "my-haiku")
                #expect(message["message"]?["id"] == "msg_01Eg56TYRnKCEgWtZu2yjR1t")
                let original = event.encoded()
                #expect(bytes.count == original.count - "claude-haiku-4-5-20251001".count + "my-haiku".count, "padding and every other byte kept")
            } else {
                #expect(bytes == event.encoded())
            }
            if observer.sawContent, sawContentAt == nil { sawContentAt = position }
        }
        #expect(capture.events[sawContentAt ?? 0].event == "content_block_delta")
        #expect(observer.usage == Usage(promptTokens: 46, completionTokens: 133))
        #expect(observer.finishReason == .stop)
        #expect(observer.sawMessageStop)
        #expect(observer.upstreamError == nil)
    }

    @Test func streamObserverSumsCompactionIterationsAndReadsErrors() throws {
        var observer = AnthropicMessagesStreamObserver(clientModel: "c")
        for event in try AnthropicStreamCapture("anthropic/messages-stream-cache-read-compaction.sse").events { _ = observer.relay(event) }
        #expect(observer.usage == Usage(promptTokens: 281 + 55096, completionTokens: 91, cachedTokens: 55096))

        var failing = AnthropicMessagesStreamObserver(clientModel: "c")
        let error = ServerSentEvent(event: "error", data: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
        #expect(failing.relay(error) == error.encoded())
        #expect(failing.upstreamError?.status == 529)
        #expect(failing.upstreamError?.message == "Overloaded")
        #expect(!failing.sawMessageStop)
    }

    @Test func responseObserverRewritesTheModelAndReadsUsage() throws {
        let body = try Fixtures.data("anthropic/messages-nonstream-cache-usage.json")
        let observed = AnthropicMessagesResponseObserver.observe(body: body, clientModel: "sonnet")
        #expect(String(decoding: observed.body, as: UTF8.self) == String(decoding: body, as: UTF8.self)
            .replacingFirst(#""model": "claude-sonnet-4-5-20250929""#, with: #""model": "sonnet""#))
        #expect(observed.usage == Usage(promptTokens: 1532, completionTokens: 33, cachedTokens: 1111, cacheWriteTokens: 418))
        #expect(observed.finishReason == .stop)
        let garbage = Array("not json".utf8)
        #expect(AnthropicMessagesResponseObserver.observe(body: garbage, clientModel: "x").body == garbage)
    }

    @Test func streamDecoderReportsErrorsAndCutStreams() throws {
        var decoder = AnthropicMessagesAdapter().makeStreamDecoder()
        let error = ServerSentEvent(event: "error", data: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
        #expect(throws: GatewayError(.upstreamStatus, "Overloaded", status: 529, code: "overloaded_error", type: "overloaded_error")) {
            try decoder.decode(error)
        }
        var cut = AnthropicMessagesAdapter().makeStreamDecoder()
        let capture = try AnthropicStreamCapture("anthropic/messages-stream-text.sse")
        for event in capture.events.dropLast() { _ = try cut.decode(event) }
        #expect(throws: GatewayError(.upstreamUnavailable, "the upstream stream ended before message_stop")) { try cut.finish() }
        #expect(try cut.decode(ServerSentEvent(event: "ping", data: #"{"type": "ping"}"#)).isEmpty)
        #expect(try cut.decode(ServerSentEvent(event: "future_event", data: "not json")).isEmpty)
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
