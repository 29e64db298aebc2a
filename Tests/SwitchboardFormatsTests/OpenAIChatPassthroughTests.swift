import Testing
import SwitchboardCore
import SwitchboardFormats

@Suite("Chat Completions passthrough body")
struct OpenAIChatPassthroughTests {
    static let fidelityBody = #"{"model":"fast","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"tool_choice":"auto","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{}}},"reasoning_effort":"low","logprobs":true,"seed":1.0,"n":1,"user":"u","metadata":{"k":"v"},"service_tier":"flex","prompt_cache_key":"pk","future_field":{"nested":[1,2.50]}}"#

    @Test func onlyTheModelIsRewritten() throws {
        let request = try OpenAIChatInboundRequest(body: Array(Self.fidelityBody.utf8))
        let body = OpenAIChatPassthrough.upstreamBody(for: request, upstreamModel: "gpt-5-nano", requestStreamUsage: true)
        let expected = Self.fidelityBody.replacingOccurrences(of: #""model":"fast""#, with: #""model":"gpt-5-nano""#)
        #expect(String(decoding: body, as: UTF8.self) == expected)
    }

    @Test func sameNameLeavesTheBodyByteForByte() throws {
        let request = try OpenAIChatInboundRequest(body: Array(Self.fidelityBody.utf8))
        let body = OpenAIChatPassthrough.upstreamBody(for: request, upstreamModel: "fast", requestStreamUsage: true)
        #expect(body == Array(Self.fidelityBody.utf8))
    }

    @Test func streamsAskForUsageKeepingOtherStreamOptions() throws {
        let plain = try OpenAIChatInboundRequest(body: Array(#"{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"#.utf8))
        let added = try JSON.parse(OpenAIChatPassthrough.upstreamBody(for: plain, upstreamModel: "m", requestStreamUsage: true))
        #expect(added["stream_options"]?["include_usage"] == .bool(true))

        let withOptions = try OpenAIChatInboundRequest(body: Array(
            #"{"model":"m","stream":true,"stream_options":{"include_obfuscation":false},"messages":[{"role":"user","content":"x"}]}"#.utf8))
        let merged = try JSON.parse(OpenAIChatPassthrough.upstreamBody(for: withOptions, upstreamModel: "m", requestStreamUsage: true))
        #expect(merged["stream_options"] == .object(["include_obfuscation": .bool(false), "include_usage": .bool(true)]))

        let quirk = OpenAIChatPassthrough.upstreamBody(for: plain, upstreamModel: "m", requestStreamUsage: false)
        #expect(try JSON.parse(quirk)["stream_options"] == nil)
    }

    @Test func imagePartVariantIsNormalisedToImageURL() throws {
        let text = #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"what?"},{"type":"image","image":"data:image/png;base64,iVBORw0KGgo="}]}]}"#
        let request = try OpenAIChatInboundRequest(body: Array(text.utf8))
        let body = try JSON.parse(OpenAIChatPassthrough.upstreamBody(for: request, upstreamModel: "m", requestStreamUsage: true))
        let parts = try #require(body["messages"]?.arrayValue?.first?["content"]?.arrayValue)
        #expect(parts[0] == .object(["type": "text", "text": "what?"]))
        #expect(parts[1] == .object(["type": "image_url", "image_url": .object(["url": "data:image/png;base64,iVBORw0KGgo="])]))
    }

    @Test func spliceRemovesMembersAnywhere() throws {
        for (text, expected) in [
            (#"{"a":1,"usage":{"x":1},"b":2}"#, #"{"a":1,"b":2}"#),
            (#"{"a":1,"usage":{"x":1}}"#, #"{"a":1}"#),
            (#"{"usage":{"x":1},"b":2}"#, #"{"b":2}"#),
            (#"{"usage":{"x":1}}"#, #"{}"#),
        ] {
            let bytes = Array(text.utf8)
            var splice = JSONSplice(document: bytes, index: try JSON.index(bytes))
            splice.remove("usage")
            #expect(String(decoding: splice.result(), as: UTF8.self) == expected)
        }
    }

    @Test func spliceAppendsToEmptyAndNonEmptyObjects() throws {
        for (text, expected) in [("{}", #"{"k":true}"#), (#"{"a":1}"#, #"{"a":1,"k":true}"#), ("{ }", #"{ "k":true}"#)] {
            let bytes = Array(text.utf8)
            var splice = JSONSplice(document: bytes, index: try JSON.index(bytes))
            splice.set("k", to: .bool(true))
            #expect(String(decoding: splice.result(), as: UTF8.self) == expected)
        }
    }

    /// An object whose only member is removed and another added stays valid JSON (the comma goes
    /// by what is written, not by whether the original object had members).
    @Test func spliceThatEmptiesAnObjectAppendsWithoutALeadingComma() throws {
        for (text, expected) in [(#"{"usage":1}"#, #"{"k":true}"#), (#"{ "usage" : 1 }"#, #"{  "k":true}"#)] {
            let bytes = Array(text.utf8)
            var splice = JSONSplice(document: bytes, index: try JSON.index(bytes))
            splice.remove("usage")
            splice.set("k", to: .bool(true))
            let result = splice.result()
            #expect(String(decoding: result, as: UTF8.self) == expected)
            #expect(try JSON.parse(result) == .object(["k": true]))
        }
    }
}
