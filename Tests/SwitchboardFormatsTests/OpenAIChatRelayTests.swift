import Testing
import SwitchboardCore
@testable import SwitchboardFormats
import SwitchboardTesting

@Suite("Chat Completions relay of recorded upstream answers")
struct OpenAIChatRelayTests {
    static func relayStream(_ fixture: String, clientModel: String = "my-alias", wantsUsage: Bool) throws
        -> (relay: OpenAIChatStreamRelay, events: [ServerSentEvent])
    {
        var relay = OpenAIChatStreamRelay(clientModel: clientModel, clientWantsUsage: wantsUsage)
        var parser = SSEParser()
        var output: [UInt8] = []
        for event in try parser.feed(try Fixtures.streamBody("openai/\(fixture)")) {
            _ = relay.relay(event, into: &output)
        }
        var reparse = SSEParser()
        return (relay, try reparse.feed(output))
    }

    @Test func nonStreamKeepsEveryFieldAndShowsTheClientsModel() throws {
        let body = try Fixtures.data("openai/chat-nonstream-text.json")
        let relayed = try OpenAIChatResponseRelay.relay(body: body, clientModel: "my-alias")
        var expected = try #require(try JSON.parse(body).objectValue)
        expected["model"] = "my-alias"
        #expect(try JSON.parse(relayed.body) == .object(expected))
        let usage = try #require(relayed.usage)
        #expect(usage.promptTokens == expected["usage"]?["prompt_tokens"]?.intValue)
        #expect(usage.completionTokens == expected["usage"]?["completion_tokens"]?.intValue)
    }

    @Test func cachedAndReasoningTokensAreRead() throws {
        let cached = try OpenAIChatResponseRelay.relay(body: try Fixtures.data("openai/chat-nonstream-cached-tokens.json"), clientModel: "x")
        #expect(cached.usage?.cachedTokens == 4012)
        let reasoning = try OpenAIChatResponseRelay.relay(
            body: try Fixtures.data("openai/chat-nonstream-reasoning-usage-o3-mini.json"), clientModel: "x")
        #expect(reasoning.usage?.reasoningTokens == 192)
    }

    @Test func anInvalidUpstreamBodyIsA502() {
        #expect(throws: GatewayError.self) { try OpenAIChatResponseRelay.relay(body: Array("{\"id\":".utf8), clientModel: "x") }
    }

    @Test(arguments: [
        "chat-stream-text-include-usage.sse", "chat-stream-tool-call-include-usage.sse",
        "chat-stream-parallel-tool-calls-include-usage.sse", "chat-stream-refusal.sse", "chat-stream-finish-length.sse",
        "chat-stream-n3-choices.sse", "chat-stream-logprobs.sse", "chat-stream-reasoning-usage-azure.jsonl",
    ])
    func streamsAreRelayedEventByEventWithUsageRead(_ fixture: String) throws {
        var original = SSEParser()
        let upstreamEvents = try original.feed(try Fixtures.streamBody("openai/\(fixture)"))
        let (relay, events) = try Self.relayStream(fixture, wantsUsage: true)
        #expect(events.count == upstreamEvents.count)
        #expect(events.last?.dataString == "[DONE]")
        #expect(relay.sawDone)
        #expect(relay.usage != nil && relay.usage!.totalTokens > 0)
        for (sent, received) in zip(events.dropLast(), upstreamEvents.dropLast()) {
            var expected = try #require(try JSON.parse(received.data).objectValue)
            if expected["model"] != nil { expected["model"] = "my-alias" }
            #expect(try JSON.parse(sent.data) == .object(expected))
        }
    }

    @Test func theUsageChunkIsDroppedWhenTheClientDidNotAskForIt() throws {
        let (relay, events) = try Self.relayStream("chat-stream-text-include-usage.sse", wantsUsage: false)
        #expect(relay.usage?.promptTokens ?? 0 > 0)
        let payloads = events.dropLast().map { try? JSON.parse($0.data) }
        #expect(payloads.allSatisfy { $0?["usage"]?.objectValue == nil })
        #expect(payloads.allSatisfy { !($0?["choices"]?.arrayValue?.isEmpty ?? true) })
        #expect(events.last?.dataString == "[DONE]")
    }

    @Test func parallelToolCallsKeepTheirOrderAndIDs() throws {
        let (relay, events) = try Self.relayStream("chat-stream-parallel-tool-calls-include-usage.sse", wantsUsage: false)
        var arguments: [Int: String] = [:]
        var ids: [Int: String] = [:]
        for event in events.dropLast() {
            for call in (try JSON.parse(event.data))["choices"]?.arrayValue?.first?["delta"]?["tool_calls"]?.arrayValue ?? [] {
                let index = try #require(call["index"]?.intValue)
                if let id = call["id"]?.stringValue { ids[index] = id }
                arguments[index, default: ""] += call["function"]?["arguments"]?.stringValue ?? ""
            }
        }
        #expect(ids.keys.sorted() == [0, 1])
        #expect(arguments.values.allSatisfy { (try? JSON.parse($0))?.objectValue != nil })
        #expect(relay.finishReason == .toolCalls)
    }

    @Test func contentAndFinishReasonAreFoundInAnyJSONLayout() {
        var relay = OpenAIChatStreamRelay(clientModel: "m", clientWantsUsage: false)
        _ = relay.relay(ServerSentEvent(data: #"{"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#))
        #expect(!relay.sawContent)
        #expect(relay.finishReason == nil)
        _ = relay.relay(ServerSentEvent(data: #"{"choices": [ {"index": 0, "delta": {"content" : "Hi \"there\""}, "finish_reason" : null} ]}"#))
        #expect(relay.sawContent)
        _ = relay.relay(ServerSentEvent(data: #"{"choices": [ {"index": 0, "delta": {}, "finish_reason" : "length"} ]}"#))
        #expect(relay.finishReason == .length)
        var tools = OpenAIChatStreamRelay(clientModel: "m", clientWantsUsage: false)
        _ = tools.relay(ServerSentEvent(data: #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"content\":1}"}}]}}]}"#))
        #expect(tools.sawContent)
    }

    @Test func eventsWithSeveralDataLinesOrANameKeepTheirShapeWhenRewritten() throws {
        var relay = OpenAIChatStreamRelay(clientModel: "alias", clientWantsUsage: false)
        var output = Array("data: earlier\n\n".utf8)
        let pretty = ServerSentEvent(data: "{\"model\": \"up\",\n \"choices\": []}")
        #expect(relay.relay(pretty, into: &output))
        let named = ServerSentEvent(event: "chunk", data: #"{"model":"up","choices":[]}"#)
        #expect(relay.relay(named, into: &output))
        var parser = SSEParser()
        let events = try parser.feed(output)
        #expect(events.count == 3)
        #expect(events[0].dataString == "earlier", "what was in the buffer stays")
        #expect(try JSON.parse(events[1].data) == .object(["model": "alias", "choices": []]))
        #expect(events[1].data.contains(0x0A), "a data line per line of the upstream's data")
        #expect(events[2].event == "chunk")
        #expect(try JSON.parse(events[2].data) == .object(["model": "alias", "choices": []]))
    }

    /// The usage the client did not ask for leaves with exactly one comma, wherever it sits and
    /// whichever side of it the model is rewritten.
    @Test(arguments: [
        (#"{"usage":{"prompt_tokens":3},"model":"up","choices":[{"delta":{}}]}"#, #"{"model":"alias","choices":[{"delta":{}}]}"#),
        (#"{"model":"up","usage":{"prompt_tokens":3},"choices":[{"delta":{}}]}"#, #"{"model":"alias","choices":[{"delta":{}}]}"#),
        (#"{"choices":[{"delta":{}}],"model":"up","usage":{"prompt_tokens":3}}"#, #"{"choices":[{"delta":{}}],"model":"alias"}"#),
        (#"{"choices":[{"delta":{}}], "usage" : {"prompt_tokens":3} ,"model":"up"}"#, #"{"choices":[{"delta":{}}], "model":"alias"}"#),
        (#"{"usage":{"prompt_tokens":3},"choices":[{"delta":{}}]}"#, #"{"choices":[{"delta":{}}]}"#),
        (#"{"mod\u0065l":"up","usage":{"prompt_tokens":3},"choices":[{"delta":{}}]}"#, #"{"mod\u0065l":"alias","choices":[{"delta":{}}]}"#),
    ])
    func usageTheClientDidNotAskForIsCutWhereverItSits(_ upstream: String, _ expected: String) throws {
        var relay = OpenAIChatStreamRelay(clientModel: "alias", clientWantsUsage: false)
        let relayed = relay.relay(ServerSentEvent(data: upstream))
        let sent = try #require(relayed)
        #expect(String(decoding: sent, as: UTF8.self) == "data: \(expected)\n\n")
        #expect(relay.usage?.promptTokens == 3)
    }

    @Test func aChunkThatIsNotOneJSONObjectIsMalformed() {
        for data in [#"{"model":"up","choices":[]"#, #"{"model":"up"} {}"#, "[1]", "not json", #"{"a":tru}"#] {
            var relay = OpenAIChatStreamRelay(clientModel: "alias", clientWantsUsage: true)
            let relayed = relay.relay(ServerSentEvent(data: data))
            #expect(relayed == nil, "\(data)")
            #expect(relay.malformedEvent != nil, "\(data)")
        }
    }

    @Test func errorsInsideTheStreamAreNoticed() {
        var relay = OpenAIChatStreamRelay(clientModel: "m", clientWantsUsage: false)
        let output = relay.relay(ServerSentEvent(data: #"{"error":{"message":"boom","type":"server_error"}}"#))
        #expect(output != nil)
        #expect(relay.upstreamError?["message"]?.stringValue == "boom")
    }

    @Test func upstreamErrorBodiesKeepTheirMessageTypeAndCode() throws {
        let error = OpenAIErrorEnvelope.decode(try Fixtures.data("openai/chat-error-400-unsupported-parameter.json"), status: 400)
        #expect(error.status == 400)
        #expect(error.type == "invalid_request_error")
        #expect(error.code == "unsupported_parameter")
        #expect(error.param == "max_tokens")
        #expect(error.message.contains("max_tokens"))
        let html = OpenAIErrorEnvelope.decode(Array("<html>bad gateway</html>".utf8), status: 503)
        #expect(html.status == 503)
        #expect(html.message.contains("bad gateway"))
    }
}

/// A stream's chunks repeat their first members byte for byte, so the relay walks a chunk from
/// its `choices` on when its bytes up to there are the last full walk's. Whatever follows those
/// bytes must be read, relayed and refused exactly as a walk from the start would.
@Suite("Chat Completions stream relay: chunks walked from their repeated start")
struct OpenAIChatStreamResumeTests {
    /// Each event relayed by one relay across the stream, and by a fresh relay of its own (which
    /// walks every chunk whole): the same bytes out, the same verdict, the same usage, finish
    /// reason and content seen (a chunk the template matched takes its finish reason from the
    /// template's chunk). Returns how many events were refused as not JSON.
    @discardableResult
    static func agree(_ events: [ServerSentEvent], wantsUsage: Bool) -> Int {
        var streaming = OpenAIChatStreamRelay(clientModel: "my-alias", clientWantsUsage: wantsUsage)
        var refused = 0
        // What the stream's relay should hold so far: the last finish reason, content seen.
        var finishReason: FinishReason?
        var sawContent = false
        for event in events {
            var whole = OpenAIChatStreamRelay(clientModel: "my-alias", clientWantsUsage: wantsUsage)
            var fromResume: [UInt8] = []
            var fromStart: [UInt8] = []
            let sentFromResume = streaming.relay(event, into: &fromResume)
            let sentFromStart = whole.relay(event, into: &fromStart)
            #expect(sentFromResume == sentFromStart, "\(event.dataString)")
            #expect(fromResume == fromStart, "\(event.dataString)")
            #expect((streaming.malformedEvent == nil) == (whole.malformedEvent == nil), "\(event.dataString)")
            if whole.usage != nil { #expect(streaming.usage == whole.usage) }
            if whole.malformedEvent != nil { refused += 1 }
            if streaming.malformedEvent != nil {
                streaming = OpenAIChatStreamRelay(clientModel: "my-alias", clientWantsUsage: wantsUsage)
                (finishReason, sawContent) = (nil, false)
                continue
            }
            finishReason = whole.finishReason ?? finishReason
            sawContent = sawContent || whole.sawContent
            #expect(streaming.finishReason == finishReason, "\(event.dataString)")
            #expect(streaming.sawContent == sawContent, "\(event.dataString)")
        }
        return refused
    }

    @Test(arguments: [
        "chat-stream-text-include-usage.sse", "chat-stream-tool-call-include-usage.sse",
        "chat-stream-parallel-tool-calls-include-usage.sse", "chat-stream-n3-choices.sse", "chat-stream-logprobs.sse",
        "chat-stream-reasoning-usage-azure.jsonl",
    ])
    func capturedStreamsRelayAlikeFromTheRepeatedStart(_ fixture: String) throws {
        var parser = SSEParser()
        let events = try parser.feed(try Fixtures.streamBody("openai/\(fixture)"))
        #expect(Self.agree(events, wantsUsage: true) == 0)
        #expect(Self.agree(events, wantsUsage: false) == 0)
        // The walk does start from the repeated start: at the `choices` key of the first chunk.
        var relay = OpenAIChatStreamRelay(clientModel: "my-alias", clientWantsUsage: true)
        _ = relay.relay(events[0])
        let offset = try #require(relay.resumeOffset)
        #expect(Array(events[0].data[offset..<offset + 9]) == Array(#""choices""#.utf8))
        // A text stream's content chunks are checked by their text alone, but for the first two.
        if fixture == "chat-stream-text-include-usage.sse" {
            for event in events.dropFirst() { _ = relay.relay(event) }
            let contentChunks = events.filter { $0.dataString.contains(#""delta":{"content":""#) }.count
            #expect(relay.templateMatches == contentChunks - 1)
        }
    }

    /// After a chunk that set the starting point, chunks with the same start and every kind of
    /// ending: valid, broken just after the start, a member removed or added, the usage chunk,
    /// another start altogether.
    @Test func whatFollowsTheRepeatedStartIsStillChecked() {
        let start = #"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-x","#
        let tails = [
            #""choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#,
            #""choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]"#,
            #""choices":[{"index":0,"delta":{"content":"Hi"}}],}"#,
            #"}"#,
            #""choices":[]"#,
            #""choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"#,
            #""usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5},"choices":[]}"#,
            #""choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"model":"other"}"#,
            #""choicez":[1]}"#,
            #" "choices":[]}"#,
            #""choices":[{"index":0,"delta":{"content":"\u00e9\n"},"finish_reason":null}]} "#,
            #""choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}x"#,
        ]
        var events = [ServerSentEvent(data: start + tails[0])]
        for tail in tails {
            events.append(ServerSentEvent(data: start + tail))
            events.append(ServerSentEvent(data: start + tails[0]))
        }
        events.append(ServerSentEvent(data: #"{"id":"c2","choices":[{"index":0,"delta":{"content":"a"}}]}"#))
        events.append(ServerSentEvent(data: #"{"id":"c2","choices":[{"index":0,"delta":{"content":"b"}}]}"#))
        events.append(ServerSentEvent(data: "[DONE]"))
        // Refused: the two objects left open, the two trailing commas, the junk after the object;
        // the rest are JSON (`choicez` and a space before a key included).
        #expect(Self.agree(events, wantsUsage: true) == 5)
        #expect(Self.agree(events, wantsUsage: false) == 5)
    }

    /// A chunk the template matches has the template chunk's finish reason, also after a chunk
    /// between them set another.
    @Test func aMatchedChunkHasItsTemplatesFinishReason() {
        func text(_ content: String) -> ServerSentEvent {
            ServerSentEvent(data: #"{"id":"c1","model":"gpt-x","choices":[{"index":0,"delta":{"content":""# + content
                + #""},"finish_reason":"length"}]}"#)
        }
        var relay = OpenAIChatStreamRelay(clientModel: "my-alias", clientWantsUsage: false)
        _ = relay.relay(text("a"))
        _ = relay.relay(text("b"))
        #expect(relay.finishReason == .length)
        _ = relay.relay(ServerSentEvent(data: #"{"id":"c1","model":"gpt-x","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#))
        #expect(relay.finishReason == .stop)
        _ = relay.relay(text("c"))
        #expect(relay.templateMatches == 2)
        #expect(relay.finishReason == .length)
    }

    /// A chunk that is the last content chunk with another string in it is checked by that string
    /// alone (``ChatChunkTemplate``): every kind of string, sound or not, in the open place must
    /// be relayed or refused as a whole walk would, and the template must stand for the sound ones.
    @Test(arguments: [
        (#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-x","choices":[{"index":0,"delta":{"content":""#,
         #""},"logprobs":null,"finish_reason":null}]}"#),
        (#"{"id":"c1","model":"gpt-x","choices":[{"index":0,"delta":{"reasoning_content":""#, #""}}]}"#),
        (#"{"id":"c1","model":"gpt-x","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":""#,
         #""}}]}}]}"#),
        (#"{"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2},"model":"gpt-x","choices":[{"delta":{"content" : ""#,
         #""}}] } "#),
        (#"{"usage":null,"model":"gpt-x","choices":[{"delta":{"content" : ""#, #""}}],"obfuscation":"ab\"c"} "#),
        (#"{"id":"c1","model":"gpt-x","choices":[{"index":0,"delta":{"content":""#, #""},"finish_reason":"length"}]}"#),
    ])
    func aChunkWithAnotherStringInTheSamePlaceIsCheckedByThatString(_ head: String, _ tail: String) {
        let sound = ["Hi", "", " a longer piece of text than the first", #"\"quoted\""#, #"back\\slash"#, #"\u00e9\n\t"#, "é ü 😀",
                     #"\/"#, "finish_reason", #"content\":\"x"#]
        let broken = [#"Hi"there"#, "tab\there", "line\nbreak", #"\q"#, #"ends in \"#, #"\u12"#, #"a"},"x":"b"#, "\u{01}"]
        var events = [ServerSentEvent(data: head + "first" + tail), ServerSentEvent(data: head + "second" + tail)]
        for string in sound + broken {
            events.append(ServerSentEvent(data: head + string + tail))
            events.append(ServerSentEvent(data: head + "again" + tail))
        }
        events.append(ServerSentEvent(data: head + "Hi" + tail + "x"))
        events.append(ServerSentEvent(data: head + "Hi" + String(tail.dropLast(2))))
        events.append(ServerSentEvent(data: "[DONE]"))
        #expect(Self.agree(events, wantsUsage: true) == broken.count + 2)
        #expect(Self.agree(events, wantsUsage: false) == broken.count + 2)

        var relay = OpenAIChatStreamRelay(clientModel: "my-alias", clientWantsUsage: false)
        for event in events.prefix(2 + 2 * sound.count) { _ = relay.relay(event) }
        #expect(relay.malformedEvent == nil)
        // A chunk with a `usage` object is walked every time (its usage is read from each).
        #expect(relay.templateMatches == (head.hasPrefix(#"{"usage":{"#) ? 0 : 1 + 2 * sound.count))
    }
}
