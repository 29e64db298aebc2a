import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Gemini stream decoder against the captures")
struct GeminiStreamDecoderTests {
    @Test func textStreamDecodesToDeltasFinishAndTheLastUsage() throws {
        let events = try GeminiCapture.decodedStream("gemini/stream-sse-text.sse")
        #expect(events.first == .start(id: "w1peaMz6INOvnvgPgYfPiQY", model: "gemini-2.0-flash-exp", created: startTime(events)))
        #expect(Array(events.dropFirst()) == [
            .textDelta("The"), .textDelta(" capital of France"), .textDelta(" is Paris.\n"),
            .finish(.stop), .usage(Usage(promptTokens: 13, completionTokens: 8)),
        ])
    }

    @Test func functionCallStreamDecodesToOneWholeCall() throws {
        let events = try GeminiCapture.decodedStream("gemini/stream-sse-function-call.sse")
        #expect(Array(events.dropFirst()) == [
            .toolCallStart(index: 0, id: "call_0", name: "get_capital"),
            .toolCallArgumentsDelta(index: 0, delta: #"{"country":"France"}"#),
            .finish(.toolCalls), .usage(Usage(promptTokens: 52, completionTokens: 5)),
        ])
    }

    @Test func functionCallSignatureFollowsItsCallAndThoughtsCountAsCompletion() throws {
        let events = try GeminiCapture.decodedStream("gemini/stream-sse-function-call-thought-signature.sse")
        let signature = try #require(try GeminiCapture.chunks("gemini/stream-sse-function-call-thought-signature.sse")
            .first?["candidates"]?.arrayValue?.first?["content"]?["parts"]?.arrayValue?.first?["thoughtSignature"]?.stringValue)
        #expect(signature.hasPrefix("EpwICpkIAXLI2nxl"))
        #expect(events.first == .start(id: "QUVVadTSNJ6_qtsPvN7J8Q0", model: "gemini-3-pro-preview", created: startTime(events)))
        #expect(Array(events.dropFirst()) == [
            .toolCallStart(index: 0, id: "call_0", name: "get_country"),
            .toolCallArgumentsDelta(index: 0, delta: "{}"),
            .toolCallSignature(index: 0, signature: signature),
            .finish(.toolCalls),
            .usage(Usage(promptTokens: 29, completionTokens: 212, reasoningTokens: 202)),
        ])
    }

    @Test func thoughtsStreamKeepsThoughtsTheTextSignatureAndTheText() throws {
        let path = "gemini/stream-sse-thoughts.sse"
        let events = try GeminiCapture.decodedStream(path)
        let chunks = try GeminiCapture.chunks(path)
        let parts = chunks.compactMap { $0["candidates"]?.arrayValue?.first?["content"]?["parts"]?.arrayValue?.first }
        let capturedThoughts = parts.filter { $0["thought"] == .bool(true) }.compactMap { $0["text"]?.stringValue }
        let capturedText = parts.filter { $0["thought"] == nil }.compactMap { $0["text"]?.stringValue }
        let signatures = parts.compactMap { $0["thoughtSignature"]?.stringValue }
        let signature = try #require(signatures.first)
        #expect(capturedThoughts.count == 4)
        #expect(capturedText.count == 19)

        var expected: [StreamEvent] = capturedThoughts.map {
            .reasoningDelta(Reasoning(text: $0, providerFamily: "gemini"))
        }
        expected.append(.reasoningDelta(Reasoning(text: "", signature: signature, providerFamily: "gemini")))
        expected += capturedText.map(StreamEvent.textDelta)
        expected += [.finish(.stop), .usage(Usage(promptTokens: 34, completionTokens: 469 + 787, reasoningTokens: 787))]
        #expect(events.first == .start(id: "beHBaJfEMIi-qtsP3769-Q8", model: "gemini-2.5-pro", created: startTime(events)))
        #expect(Array(events.dropFirst()) == expected)
        #expect(capturedText.joined().hasPrefix("This is a great question! Safely crossing the stre"))
        #expect(capturedThoughts.joined().count == 1575)
    }

    @Test func jsonArrayStreamBodyDecodesElementByElement() throws {
        let body = try JSON.parse(try Fixtures.data("gemini/stream-json-array-thought-function-call.json"))
        let elements = try #require(body.arrayValue)
        var decoder = GeminiStreamDecoder()
        var events: [StreamEvent] = []
        for element in elements { events += try decoder.decode(chunk: element) }
        events += try decoder.finish()
        let thought = try #require(elements[0]["candidates"]?.arrayValue?.first?["content"]?["parts"]?.arrayValue?.first?["text"]?.stringValue)
        let signature = try #require(elements[1]["candidates"]?.arrayValue?.first?["content"]?["parts"]?.arrayValue?.first?["thoughtSignature"]?.stringValue)
        #expect(thought.hasPrefix("**Generating Pelican Names**"))
        #expect(events.first == .start(id: "OYpyaqycKd2V_uMP65TsgA0", model: "gemini-2.5-flash", created: startTime(events)))
        #expect(Array(events.dropFirst()) == [
            .reasoningDelta(Reasoning(text: thought, providerFamily: "gemini")),
            .toolCallStart(index: 0, id: "call_0", name: "pelican_name_generator"),
            .toolCallArgumentsDelta(index: 0, delta: "{}"),
            .toolCallSignature(index: 0, signature: signature),
            .finish(.toolCalls),
            .usage(Usage(promptTokens: 32, completionTokens: 54, reasoningTokens: 42)),
        ])
    }

    @Test func vertexPartialArgumentsAreAssembledIntoEachCall() throws {
        let path = "gemini/stream-vertex-partial-args.jsonl"
        let events = try GeminiCapture.decodedStream(path)
        let signature = try #require(try GeminiCapture.chunks(path).first?["candidates"]?.arrayValue?.first?["content"]?["parts"]?
            .arrayValue?.first?["thoughtSignature"]?.stringValue)
        #expect(events.first == .start(id: "dqHOab6xGLzWodAPkPuViA4", model: "gemini-3.1-pro-preview", created: startTime(events)))
        #expect(Array(events.dropFirst()) == [
            .toolCallStart(index: 0, id: "call_0", name: "getWeather"),
            .toolCallSignature(index: 0, signature: signature),
            .toolCallArgumentsDelta(index: 0, delta: #"{"location":"Boston"}"#),
            .toolCallStart(index: 1, id: "call_1", name: "getWeather"),
            .toolCallArgumentsDelta(index: 1, delta: #"{"location":"San Francisco"}"#),
            .finish(.toolCalls),
            .usage(Usage(promptTokens: 26, completionTokens: 23 + 132, reasoningTokens: 132)),
        ])
    }

    @Test func partialArgumentPathsBuildNestedValues() throws {
        let chunks = [
            #"{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"plan","willContinue":true}}]}}]}"#,
            #"{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"partialArgs":[{"jsonPath":"$.place.city","stringValue":"San ","willContinue":true}],"willContinue":true}}]}}]}"#,
            #"{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"partialArgs":[{"jsonPath":"$.place.city","stringValue":"Jose"},{"jsonPath":"$.days[1]","numberValue":3},{"jsonPath":"$['metric']","boolValue":true}],"willContinue":true}}]}}]}"#,
            #"{"candidates":[{"content":{"role":"model","parts":[{"text":"Done."}]},"finishReason":"STOP"}]}"#,
        ]
        var decoder = GeminiStreamDecoder()
        var events: [StreamEvent] = []
        for chunk in chunks { events += try decoder.decode(ServerSentEvent(data: chunk)) }
        #expect(Array(events.dropFirst()) == [
            .toolCallStart(index: 0, id: "call_0", name: "plan"),
            .toolCallArgumentsDelta(index: 0, delta: #"{"place":{"city":"San Jose"},"days":[null,3],"metric":true}"#),
            .textDelta("Done."),
            .finish(.toolCalls),
        ])
    }

    @Test func aStreamWithoutFinishReasonIsCutShort() throws {
        var decoder = GeminiStreamDecoder()
        let first = try #require(try GeminiCapture.events("gemini/stream-sse-text.sse").first)
        _ = try decoder.decode(first)
        #expect(throws: GatewayError.self) { try decoder.finish() }
        do {
            _ = try decoder.finish()
        } catch {
            #expect(error.status == 502)
            #expect(error.kind == .upstreamUnavailable)
        }
    }

    @Test func anErrorChunkThrowsTheUpstreamError() throws {
        var decoder = GeminiStreamDecoder()
        let event = ServerSentEvent(data: #"{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"#)
        do {
            _ = try decoder.decode(event)
            Issue.record("expected an error")
        } catch {
            #expect(error.status == 503)
            #expect(error.message == "The model is overloaded.")
            #expect(error.code == "UNAVAILABLE")
        }
    }

    @Test func promptBlockedWithoutCandidatesFinishesAsContentFilter() throws {
        var decoder = GeminiStreamDecoder()
        let event = ServerSentEvent(data: #"{"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":7,"totalTokenCount":7},"responseId":"r1"}"#)
        let events = try decoder.decode(event)
        #expect(events.dropFirst().elementsEqual([.finish(.contentFilter), .usage(Usage(promptTokens: 7))]))
        #expect(try decoder.finish().isEmpty)
    }

    private func startTime(_ events: [StreamEvent]) -> Int {
        if case .start(_, _, let created)? = events.first { return created }
        return -1
    }
}
