import Testing
import SwitchboardCore
import SwitchboardFormats

@Suite("Canonical streams to Responses events (re-encoding the captures)")
struct OpenAIResponsesStreamEncoderTests {
    static let singleStreams = [
        "openai/responses-stream-text.sse", "openai/responses-stream-background-queued.sse",
        "openai/responses-stream-function-call.sse", "openai/responses-stream-reasoning-function-call-usage.sse",
        "openai/responses-stream-reasoning-summary-code-interpreter.sse", "openai/responses-stream-error-event.jsonl",
    ]

    /// Every response of every capture, as (name, upstream events).
    static func allStreams() throws -> [(String, [ServerSentEvent])] {
        var streams: [(String, [ServerSentEvent])] = []
        for path in singleStreams + ["openai/responses-stream-reasoning-summary-multistep.jsonl"] {
            for (offset, events) in ResponsesTestSupport.splitResponses(try ResponsesTestSupport.events(path)).enumerated() {
                streams.append(("\(path)#\(offset)", events))
            }
        }
        return streams
    }

    @Test func reEncodedCapturesFollowTheGrammar() throws {
        let request = try ResponsesTestSupport.request()
        for (name, upstream) in try Self.allStreams() where !name.contains("error-event") {
            let canonical = try ResponsesTestSupport.decode(upstream)
            let (events, final) = ResponsesTestSupport.encode(canonical, request: request)
            let problems = ResponsesStreamGrammar.violations(events)
            #expect(problems.isEmpty, "\(name): \(problems)")

            let summary = CanonicalSummary(canonical)
            let finalValue = try #require(final)
            #expect(finalValue["status"] == "completed", "\(name)")
            #expect(finalValue["model"] == "alias")
            #expect(finalValue["id"] == "resp_gw1")
            #expect(finalValue["usage"] == summary.usage.map(OpenAIResponsesUsage.encode), "\(name)")
            let last = try JSON.parse(try #require(events.last).data)
            #expect(last["response"] == finalValue)

            let output = OpenAIResponsesItems.outputItems(of: finalValue)
            let text = output.filter { $0["type"] == "message" }
                .flatMap { $0["content"]?.arrayValue ?? [] }.compactMap { $0["text"]?.stringValue }.joined()
            #expect(text == summary.text, "\(name)")
            let calls = output.filter { $0["type"] == "function_call" }.map {
                ToolCall(id: $0["call_id"]?.stringValue ?? "", name: $0["name"]?.stringValue ?? "", arguments: $0["arguments"]?.stringValue ?? "")
            }
            #expect(calls == summary.calls, "\(name)")
            let reasoning = output.filter { $0["type"] == "reasoning" }
            #expect(reasoning.map { $0["encrypted_content"]?.stringValue } == summary.reasoning.map(\.encryptedContent), "\(name)")
            #expect(reasoning.map { $0["id"]?.stringValue } == summary.reasoning.map(\.id), "OpenAI's own reasoning ids are kept")
        }
    }

    @Test func eventSequenceMatchesTheCaptureForTextAndFunctionCalls() throws {
        let request = try ResponsesTestSupport.request()
        for (name, upstream) in try Self.allStreams() where !name.contains("code-interpreter") && !name.contains("error-event") {
            let (events, _) = ResponsesTestSupport.encode(try ResponsesTestSupport.decode(upstream), request: request)
            let expected = upstream.map(ResponsesTestSupport.type).filter { $0 != "response.queued" }
            #expect(events.map(ResponsesTestSupport.type) == expected, "\(name)")
        }
    }

    @Test func completedResponseEqualsTheNonStreamedEncoding() throws {
        let request = try ResponsesTestSupport.request(#"{"model":"gpt-5","input":"hi","instructions":"be brief","reasoning":{"effort":"low"},"tools":[{"type":"function","name":"f","parameters":{"type":"object"}}]}"#)
        let upstream = try ResponsesTestSupport.events("openai/responses-stream-reasoning-summary-multistep.jsonl")
        let canonical = try ResponsesTestSupport.decode(ResponsesTestSupport.splitResponses(upstream)[0])
        let (_, final) = ResponsesTestSupport.encode(canonical, request: request, id: "resp_x", model: "gpt-5")
        let firstResponse = ResponsesTestSupport.splitResponses(upstream)[0]
        let terminal = try #require(try ResponsesTestSupport.terminalResponse(firstResponse))
        var same = try OpenAIResponsesAdapter().decodeResponse(JSON.serialize(terminal))
        same.model = "gpt-5"
        // OpenAI encrypts the reasoning again for response.completed; the stream carries the
        // output_item.done copy, so the comparison takes that one.
        let streamedEncrypted = try ResponsesTestSupport.doneReasoningEncryptedContent(firstResponse).first ?? nil
        same.content = same.content.map { block in
            guard case .reasoning(var reasoning) = block else { return block }
            reasoning.encryptedContent = streamedEncrypted
            return .reasoning(reasoning)
        }
        let encoded = OpenAIResponsesResponseEncoder.encode(same, request: request, id: "resp_x", createdAt: 1_700_000_000)
        #expect(final == encoded)
        #expect(final?["instructions"] == "be brief")
        #expect(final?["reasoning"]?["effort"] == "low")
    }

    @Test func refusalLengthAndForeignReasoning() throws {
        let request = try ResponsesTestSupport.request()
        let canonical: [StreamEvent] = [
            .start(id: "up", model: "claude", created: 1),
            .reasoningDelta(Reasoning(text: "thinking", providerFamily: "anthropic")),
            .reasoningDelta(Reasoning(text: "", signature: "sig", providerFamily: "anthropic")),
            .textDelta("Hel"), .textDelta("lo"), .refusalDelta("no"),
            .toolCallStart(index: 0, id: "c0", name: "a"), .toolCallStart(index: 1, id: "c1", name: "b"),
            .toolCallArgumentsDelta(index: 0, delta: "{}"), .toolCallArgumentsDelta(index: 1, delta: "[1]"),
            .finish(.length), .usage(Usage(promptTokens: 3, completionTokens: 4)),
        ]
        let (events, final) = ResponsesTestSupport.encode(canonical, request: request)
        #expect(ResponsesStreamGrammar.violations(events).isEmpty, "\(ResponsesStreamGrammar.violations(events))")
        #expect(events.last?.event == "response.incomplete")
        #expect(final?["status"] == "incomplete")
        #expect(final?["incomplete_details"] == .object(["reason": "max_output_tokens"]))
        let output = final.map(OpenAIResponsesItems.outputItems(of:)) ?? []
        #expect(output.map { $0["type"]?.stringValue ?? "" } == ["reasoning", "message", "function_call", "function_call"])
        #expect(output[0]["encrypted_content"] == nil, "foreign reasoning carries no OpenAI encrypted content")
        #expect(output[0]["summary"] == .array([.object(["type": "summary_text", "text": "thinking"])]))
        #expect(output[1]["content"]?.arrayValue?.map { $0["type"]?.stringValue ?? "" } == ["output_text", "refusal"])
        #expect(output[2]["arguments"] == "{}")
        #expect(output[3]["arguments"] == "[1]")
        #expect(Set(output.compactMap { $0["id"]?.stringValue }).count == 4, "item ids are distinct")
    }

    @Test func failEndsWithAnErrorEventAndAFailedResponse() throws {
        var encoder = OpenAIResponsesStreamEncoder(request: try ResponsesTestSupport.request(), id: "resp_f", createdAt: 5, model: "m")
        var events = encoder.encode(.start(id: "u", model: "m", created: 5))
        events += encoder.encode(.textDelta("partial"))
        events += encoder.fail(GatewayError(.upstreamTimeout, "The upstream stopped answering."))
        let payloads = try ResponsesTestSupport.payloads(events)
        #expect(payloads.map { $0["type"]?.stringValue ?? "" }.suffix(2) == ["error", "response.failed"])
        #expect(payloads.enumerated().allSatisfy { $0.element["sequence_number"]?.intValue == $0.offset })
        let error = payloads[payloads.count - 2]
        #expect(error["code"] == "upstream_timeout")
        #expect(error["message"] == "The upstream stopped answering.")
        #expect(error["param"] == .null)
        let failed = payloads[payloads.count - 1]["response"]
        #expect(failed?["status"] == "failed")
        #expect(failed?["error"] == .object(["code": "upstream_timeout", "message": "The upstream stopped answering."]))
        #expect(encoder.finalResponse == failed)
        #expect(encoder.finish().isEmpty, "nothing follows the failure")
    }
}
