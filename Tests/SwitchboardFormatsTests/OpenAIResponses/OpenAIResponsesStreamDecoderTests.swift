import Testing
import SwitchboardCore
import SwitchboardFormats

@Suite("Responses upstream streams to canonical events (captures)")
struct OpenAIResponsesStreamDecoderTests {
    @Test func textStream() throws {
        let events = try ResponsesTestSupport.decode(try ResponsesTestSupport.events("openai/responses-stream-text.sse"))
        let summary = CanonicalSummary(events)
        #expect(events.first == .start(id: "resp_67e554a21aa88191b65876ac5e5bbe0406c52f0e511c76ed", model: "gpt-4o-2024-08-06", created: 1_743_082_658))
        #expect(summary.text == "The capital of France is Paris.")
        #expect(events.filter { if case .textDelta = $0 { true } else { false } }.count == 7)
        #expect(summary.calls.isEmpty)
        #expect(summary.finish == .stop)
        #expect(summary.usage == Usage(promptTokens: 278, completionTokens: 9))
        #expect(events.suffix(2) == [.finish(.stop), .usage(Usage(promptTokens: 278, completionTokens: 9))])
    }

    @Test func backgroundQueuedStream() throws {
        let summary = CanonicalSummary(try ResponsesTestSupport.decode(try ResponsesTestSupport.events("openai/responses-stream-background-queued.sse")))
        #expect(summary.text == "2 + 2 equals 4.")
        #expect(summary.usage == Usage(promptTokens: 15, completionTokens: 9))
        #expect(summary.finish == .stop)
    }

    @Test func functionCallStream() throws {
        let events = try ResponsesTestSupport.decode(try ResponsesTestSupport.events("openai/responses-stream-function-call.sse"))
        let summary = CanonicalSummary(events)
        #expect(summary.calls == [ToolCall(id: "call_kL0PCQV7M2WMoVX8V8OtYSAL", name: "get_capital", arguments: #"{"country":"France"}"#)])
        let deltas = events.compactMap { event -> String? in
            if case .toolCallArgumentsDelta(0, let delta) = event { return delta }
            return nil
        }
        #expect(deltas == [#"{""#, "country", #"":""#, "France", #""}"#], "arguments arrive as the upstream's deltas")
        #expect(summary.finish == .toolCalls)
        #expect(summary.usage == Usage(promptTokens: 255, completionTokens: 16))
    }

    @Test func reasoningThenFunctionCallWithReasoningTokens() throws {
        let raw = try ResponsesTestSupport.events("openai/responses-stream-reasoning-function-call-usage.sse")
        let summary = CanonicalSummary(try ResponsesTestSupport.decode(raw))
        let final = try #require(try ResponsesTestSupport.terminalResponse(raw))
        let finalReasoning = final["output"]?.arrayValue?.first
        #expect(summary.reasoning.count == 1)
        #expect(try ResponsesTestSupport.doneReasoningEncryptedContent(raw) == summary.reasoning.map(\.encryptedContent),
                "the encrypted content of response.output_item.done")
        #expect(finalReasoning?["id"]?.stringValue == summary.reasoning.first?.id)
        #expect(summary.reasoning.first?.text == "")
        #expect(summary.reasoning.first?.id == "rs_0050471a34b36ae60068c97bac4dcc819595fd0f80d6b3c405")
        #expect(summary.reasoning.first?.providerFamily == "openai")
        #expect(summary.reasoning.first?.encryptedContent?.count == 3896)
        #expect(summary.calls == [ToolCall(id: "call_CWXgs68YprAjp6t0371hiPOI", name: "final_result", arguments: #"{"result":6666}"#)])
        #expect(summary.finish == .toolCalls)
        #expect(summary.usage == Usage(promptTokens: 53, completionTokens: 469, reasoningTokens: 448))
    }

    @Test func reasoningSummaryWithServerToolsAndCachedTokens() throws {
        let raw = try ResponsesTestSupport.events("openai/responses-stream-reasoning-summary-code-interpreter.sse")
        let summary = CanonicalSummary(try ResponsesTestSupport.decode(raw))
        let final = try #require(try ResponsesTestSupport.terminalResponse(raw))
        let output = final["output"]?.arrayValue ?? []
        let summaryText = output[0]["summary"]?.arrayValue?.compactMap { $0["text"]?.stringValue }.joined(separator: "\n\n")
        let answer = output.last?["content"]?.arrayValue?.first?["text"]?.stringValue
        #expect(summary.reasoning.count == 1)
        #expect(summary.reasoning.first?.text == summaryText)
        #expect(summary.reasoning.first?.text.hasPrefix("**Calculating a large integer**") == true)
        #expect(try ResponsesTestSupport.doneReasoningEncryptedContent(raw) == summary.reasoning.map(\.encryptedContent))
        #expect(summary.reasoning.first?.encryptedContent?.isEmpty == false)
        #expect(summary.text == answer)
        #expect(summary.text.count == 646)
        #expect(summary.calls.isEmpty, "code interpreter calls are server-side, not function calls")
        #expect(summary.finish == .stop)
        #expect(summary.usage == Usage(promptTokens: 3727, completionTokens: 347, cachedTokens: 3200, reasoningTokens: 128))
    }

    @Test func multistepCaptureHoldsFourResponses() throws {
        let streams = ResponsesTestSupport.splitResponses(try ResponsesTestSupport.events("openai/responses-stream-reasoning-summary-multistep.jsonl"))
        #expect(streams.count == 4)
        let summaries = try streams.map { CanonicalSummary(try ResponsesTestSupport.decode($0)) }
        guard summaries.count == 4 else { return }
        #expect(summaries[0].reasoning.map(\.text) == [
            "**Calculating step-by-step using calculator**\n\nI'll compute 12 plus 7, then multiply the result by 3, and finally multiply that by 10, reporting the final product.",
        ])
        #expect(summaries[0].reasoning.first?.id == "rs_01830d662ab3856501693c321405c88190be3ab04d5782d5f9")
        #expect(summaries[0].reasoning.first?.encryptedContent?.count == 1060)
        #expect(summaries.map(\.calls) == [
            [ToolCall(id: "call_AB6AaRZ1FYZB2RwS6A5vbdqn", name: "calculator", arguments: #"{"a":12,"b":7,"op":"add"}"#)],
            [ToolCall(id: "call_Q6pW65MUgW9vF59BmItYGos3", name: "calculator", arguments: #"{"a":19,"b":3,"op":"multiply"}"#)],
            [ToolCall(id: "call_Zl5vIMnD7dVAjgU6FkhmiCZh", name: "calculator", arguments: #"{"a":57,"b":10,"op":"multiply"}"#)],
            [],
        ])
        #expect(summaries[3].text == "The final result is **570**.")
        #expect(summaries.map(\.finish) == [.toolCalls, .toolCalls, .toolCalls, .stop])
        #expect(summaries.map(\.usage) == [
            Usage(promptTokens: 134, completionTokens: 28), Usage(promptTokens: 221, completionTokens: 26),
            Usage(promptTokens: 260, completionTokens: 26), Usage(promptTokens: 299, completionTokens: 12),
        ])
        #expect(summaries.map { $0.start?.model } == Array(repeating: "gpt-5.1-codex-max", count: 4))
    }

    @Test func errorEventThrowsWithTheQuotaStatus() throws {
        let raw = try ResponsesTestSupport.events("openai/responses-stream-error-event.jsonl")
        var decoder = OpenAIResponsesStreamDecoder()
        var canonical: [StreamEvent] = []
        var thrown: GatewayError?
        for event in raw {
            do {
                canonical += try decoder.decode(event)
            } catch {
                thrown = error
                break
            }
        }
        #expect(canonical == [.start(id: "resp_05500b38c2cd9bfc00691c7c9d222481a3b595421266dab424", model: "gpt-5-nano-2025-08-07", created: 1_763_474_589)])
        #expect(thrown?.kind == .upstreamStatus)
        #expect(thrown?.status == 429)
        #expect(thrown?.code == "insufficient_quota")
        #expect(thrown?.type == "insufficient_quota")
        #expect(thrown?.message.hasPrefix("You exceeded your current quota") == true)
    }

    @Test func failedResponseAndCutStreamsThrow() throws {
        var decoder = OpenAIResponsesStreamDecoder()
        let failed = ServerSentEvent(event: "response.failed", data: #"{"type":"response.failed","sequence_number":3,"response":{"id":"r","status":"failed","error":{"code":"server_error","message":"boom"}}}"#)
        #expect(throws: GatewayError.self) { try decoder.decode(failed) }
        do {
            _ = try decoder.decode(failed)
        } catch {
            #expect(error.status == 500)
            #expect(error.message == "boom")
        }
        var cut = OpenAIResponsesStreamDecoder()
        let created = try ResponsesTestSupport.events("openai/responses-stream-text.sse").prefix(3)
        for event in created { _ = try cut.decode(event) }
        #expect(throws: GatewayError.self) { try cut.finish() }
        do {
            _ = try cut.finish()
        } catch {
            #expect(error.status == 502)
        }
    }

    @Test func incompleteResponseFinishesWithLength() throws {
        var decoder = OpenAIResponsesStreamDecoder()
        let event = ServerSentEvent(event: "response.incomplete", data: #"{"type":"response.incomplete","sequence_number":9,"response":{"id":"r","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"output":[],"usage":{"input_tokens":5,"input_tokens_details":{"cached_tokens":2},"output_tokens":16,"output_tokens_details":{"reasoning_tokens":16},"total_tokens":21}}}"#)
        #expect(try decoder.decode(event) == [.finish(.length), .usage(Usage(promptTokens: 5, completionTokens: 16, cachedTokens: 2, reasoningTokens: 16))])
        #expect(try decoder.finish() == [])
    }
}
