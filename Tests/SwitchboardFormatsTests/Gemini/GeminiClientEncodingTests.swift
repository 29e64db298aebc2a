import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Gemini answers written for clients")
struct GeminiClientEncodingTests {
    static let sseCaptures = [
        "gemini/stream-sse-text.sse",
        "gemini/stream-sse-function-call.sse",
        "gemini/stream-sse-function-call-thought-signature.sse",
        "gemini/stream-sse-thoughts.sse",
    ]

    @Test(arguments: sseCaptures)
    func canonicalStreamReencodesToChunksSayingWhatTheCaptureSaid(path: String) throws {
        let captured = try GeminiCapture.chunks(path)
        let chunks = try GeminiCapture.reencoded(try GeminiCapture.decodedStream(path), model: "alias")
        let responseID = try #require(captured.first?["responseId"]?.stringValue)
        for chunk in chunks {
            #expect(chunk["modelVersion"] == "alias")
            #expect(chunk["responseId"] == .string(responseID))
            let candidates = try #require(chunk["candidates"]?.arrayValue)
            #expect(candidates.count == 1)
            #expect(candidates[0]["index"] == .int(0))
            #expect(candidates[0]["content"]?["role"] == "model")
            let parts = try #require(candidates[0]["content"]?["parts"]?.arrayValue)
            #expect(!parts.isEmpty)
        }
        #expect(chunks.dropLast().allSatisfy { $0["candidates"]?.arrayValue?.first?["finishReason"] == nil })
        #expect(chunks.dropLast().allSatisfy { $0["usageMetadata"] == nil })
        #expect(GeminiStreamSummary(chunks) == GeminiStreamSummary(captured))
    }

    @Test func thoughtsStreamKeepsTheSignatureOnTheFirstAnswerPart() throws {
        let path = "gemini/stream-sse-thoughts.sse"
        let chunks = try GeminiCapture.reencoded(try GeminiCapture.decodedStream(path), model: "gemini-2.5-pro")
        let captured = try GeminiCapture.chunks(path)
        let parts = chunks.map { $0["candidates"]?.arrayValue?.first?["content"]?["parts"] }
        let capturedParts = captured.map { $0["candidates"]?.arrayValue?.first?["content"]?["parts"] }
        #expect(Array(parts.dropLast()) == capturedParts, "same parts in the same chunks, thought flags and signature included")
        #expect(parts.last == .array([.object(["text": ""])]), "the finish and usage come in a chunk of their own")
        #expect(chunks.last?["usageMetadata"] == .object([
            "promptTokenCount": .int(34), "candidatesTokenCount": .int(469), "totalTokenCount": .int(1290),
            "thoughtsTokenCount": .int(787),
        ]))
    }

    @Test func vertexCallsAreWrittenWholeWithTheirSignature() throws {
        let path = "gemini/stream-vertex-partial-args.jsonl"
        let chunks = try GeminiCapture.reencoded(try GeminiCapture.decodedStream(path), model: "m")
        #expect(chunks.count == 1, "both calls go out with the finish, as Gemini sends them")
        let summary = GeminiStreamSummary(chunks)
        let signature = try GeminiCapture.chunks(path).first?["candidates"]?.arrayValue?.first?["content"]?["parts"]?
            .arrayValue?.first?["thoughtSignature"]?.stringValue
        #expect(summary.calls == [
            .init(name: "getWeather", args: .object(["location": "Boston"]), signature: signature),
            .init(name: "getWeather", args: .object(["location": "San Francisco"]), signature: nil),
        ])
        #expect(summary.finishReason == "STOP")
        #expect(summary.usage?["thoughtsTokenCount"] == .int(132))
        #expect(summary.usage?["candidatesTokenCount"] == .int(23))
    }

    @Test func toolCallIsFlushedAtTheNextNonToolEventAndUsageAfterFinishIsWaitedFor() throws {
        var encoder = GeminiStreamEncoder(model: "m")
        var events: [ServerSentEvent] = []
        events += encoder.encode(.start(id: "r1", model: "up", created: 1))
        events += encoder.encode(.toolCallStart(index: 0, id: "call_x", name: "f"))
        events += encoder.encode(.toolCallArgumentsDelta(index: 0, delta: #"{"a":"#))
        events += encoder.encode(.toolCallArgumentsDelta(index: 0, delta: "1}"))
        #expect(events.isEmpty, "nothing before the call's arguments are complete")
        events += encoder.encode(.textDelta("after"))
        #expect(events.count == 2)
        events += encoder.encode(.finish(.toolCalls))
        #expect(events.count == 2, "the final chunk waits for usage")
        events += encoder.encode(.usage(Usage(promptTokens: 5, completionTokens: 7, cachedTokens: 2, reasoningTokens: 3)))
        #expect(encoder.finish().isEmpty, "already ended")
        let chunks = try events.map { try JSON.parse($0.data) }
        #expect(chunks[0]["candidates"]?.arrayValue?.first?["content"]?["parts"] == .array([
            .object(["functionCall": .object(["name": "f", "args": .object(["a": .int(1)]), "id": "call_x"])])
        ]))
        #expect(chunks[1]["candidates"]?.arrayValue?.first?["content"]?["parts"] == .array([.object(["text": "after"])]))
        #expect(JSON.string(chunks[2]) == #"{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":4,"totalTokenCount":12,"cachedContentTokenCount":2,"thoughtsTokenCount":3},"modelVersion":"m","responseId":"r1"}"#)
        #expect(events.allSatisfy { $0.encoded().starts(with: Array("data: {".utf8)) && $0.event == nil })
    }

    @Test func finishWritesTheFinalChunkWhenUsageCameFirstAndFailWritesGooglesEnvelope() throws {
        var encoder = GeminiStreamEncoder(model: "m")
        _ = encoder.encode(.start(id: "r2", model: "up", created: 1))
        _ = encoder.encode(.usage(Usage(promptTokens: 1, completionTokens: 1)))
        #expect(encoder.encode(.finish(.length)).isEmpty)
        let final = try encoder.finish().map { try JSON.parse($0.data) }
        #expect(final.count == 1)
        #expect(final.first?["candidates"]?.arrayValue?.first?["finishReason"] == "MAX_TOKENS")
        #expect(final.first?["usageMetadata"]?["totalTokenCount"] == .int(2))

        var failing = GeminiStreamEncoder(model: "m")
        _ = failing.encode(.textDelta("partial"))
        let failure = failing.fail(GatewayError(.upstreamUnavailable, "The upstream went away."))
        #expect(failure.map(\.dataString) == [#"{"error":{"code":502,"message":"The upstream went away.","status":"UNAVAILABLE"}}"#])
        #expect(failing.finish().isEmpty)
    }

    @Test func foreignReasoningIsShownAsThoughtsWithoutSignatures() throws {
        var encoder = GeminiStreamEncoder(model: "m")
        let events = encoder.encode(.reasoningDelta(Reasoning(text: "hmm", signature: "anthropic", providerFamily: "anthropic")))
            + encoder.encode(.reasoningDelta(Reasoning(text: "", signature: "anthropic-close", providerFamily: "anthropic")))
            + encoder.encode(.textDelta("ok"))
        #expect(events.map(\.dataString) == [
            #"{"candidates":[{"content":{"parts":[{"text":"hmm","thought":true}],"role":"model"},"index":0}],"modelVersion":"m","responseId":""}"#,
            #"{"candidates":[{"content":{"parts":[{"text":"ok"}],"role":"model"},"index":0}],"modelVersion":"m","responseId":""}"#,
        ])
    }

    @Test(arguments: [
        "gemini/generate-content-text.json",
        "gemini/generate-content-thoughts.json",
        "gemini/generate-content-function-call-thought-signature.json",
    ])
    func nonStreamedAnswerReencodesToTheCapturedParts(path: String) throws {
        let body = try Fixtures.data(path)
        let captured = try JSON.parse(body)
        let response = try GeminiAdapter().decodeResponse(body)
        let encoded = GeminiResponseEncoder.encode(response)
        let candidate = try #require(encoded["candidates"]?.arrayValue?.first)
        var expectedParts = try #require(captured["candidates"]?.arrayValue?.first?["content"]?["parts"]?.arrayValue)
        for (position, part) in expectedParts.enumerated() {
            guard var call = part["functionCall"]?.objectValue, var object = part.objectValue else { continue }
            call["id"] = "call_0"
            object["functionCall"] = .object(call)
            expectedParts[position] = .object(object)
        }
        #expect(candidate["content"]?["parts"] == .array(expectedParts))
        #expect(candidate["content"]?["role"] == "model")
        #expect(candidate["finishReason"] == "STOP")
        #expect(encoded["responseId"] == captured["responseId"])
        #expect(encoded["modelVersion"] == captured["modelVersion"])
        for key in ["promptTokenCount", "candidatesTokenCount", "thoughtsTokenCount", "totalTokenCount"] {
            #expect(encoded["usageMetadata"]?[key] == captured["usageMetadata"]?[key], "\(key)")
        }
    }
}
