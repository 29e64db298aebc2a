import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting
import Testing

/// Every recorded Anthropic stream, decoded to canonical events and re-encoded for an Anthropic
/// client.
@Suite("Anthropic stream captures: decode and re-encode")
struct AnthropicStreamGoldenTests {
    struct Expectation: Sendable, CustomStringConvertible {
        let path: String
        let id: String
        let model: String
        let finish: FinishReason
        let usage: Usage
        var stopSequence: String? = nil
        var description: String { path }
    }

    static let captures: [Expectation] = [
        .init(path: "anthropic/messages-stream-text.sse", id: "msg_017A4s3HAsrqf5d2WvBmrpLr",
              model: "claude-sonnet-4-5-20250929", finish: .stop, usage: Usage(promptTokens: 17, completionTokens: 10)),
        .init(path: "anthropic/messages-stream-thinking-signature.sse", id: "msg_01Eg56TYRnKCEgWtZu2yjR1t",
              model: "claude-haiku-4-5-20251001", finish: .stop, usage: Usage(promptTokens: 46, completionTokens: 133)),
        .init(path: "anthropic/messages-stream-tool-use-empty-input.sse", id: "msg_01BnVamfF7ccY9Qt3nZHAyaG",
              model: "claude-haiku-4-5-20251001", finish: .toolCalls, usage: Usage(promptTokens: 543, completionTokens: 40)),
        .init(path: "anthropic/messages-stream-parallel-tool-use.sse", id: "msg_01V2noLbAb2NgKnjaNw6Cn3w",
              model: "claude-haiku-4-5-20251001", finish: .toolCalls, usage: Usage(promptTokens: 542, completionTokens: 62)),
        .init(path: "anthropic/messages-stream-tool-use-input-json-delta.sse", id: "msg_019Q1hrJbZG26Fb9BQhrkHEr",
              model: "claude-sonnet-4-20250514", finish: .toolCalls, usage: Usage(promptTokens: 377, completionTokens: 65)),
        .init(path: "anthropic/messages-stream-tool-use-max-tokens-incomplete-json.sse", id: "msg_01UdjYBBipA9omjYhicnevgq",
              model: "claude-3-7-sonnet-20250219", finish: .length, usage: Usage(promptTokens: 450, completionTokens: 124)),
        .init(path: "anthropic/messages-stream-stop-sequence.sse", id: "msg_01KozUDYHvRtgs3NLgG7jzN9",
              model: "claude-haiku-4-5-20251001", finish: .stop, usage: Usage(promptTokens: 16, completionTokens: 28),
              stopSequence: "```"),
        .init(path: "anthropic/messages-stream-redacted-thinking.sse", id: "msg_018XZkwvj9asBiffg3fXt88s",
              model: "claude-sonnet-4-5-20250929", finish: .stop, usage: Usage(promptTokens: 92, completionTokens: 189)),
        // Compaction: the top-level usage covers only the last iteration; the iterations are summed
        // (input 100 + 181, cache read 55096, output 83 + 8).
        .init(path: "anthropic/messages-stream-cache-read-compaction.sse", id: "msg_011CduoCRono7pFKoTWpPAia",
              model: "claude-sonnet-4-6", finish: .stop,
              usage: Usage(promptTokens: 281 + 55096, completionTokens: 91, cachedTokens: 55096)),
        // message_delta repeats the cumulative input and cache counts: they win over message_start's.
        .init(path: "anthropic/messages-stream-cache-creation-server-tool.jsonl", id: "msg_011CdYfpjpVtBoXyXCQD1tQP",
              model: "claude-sonnet-5", finish: .stop,
              usage: Usage(promptTokens: 6 + 6289 + 3337, completionTokens: 198, cachedTokens: 6289, cacheWriteTokens: 3337)),
        .init(path: "anthropic/messages-stream-input-json-delta.jsonl", id: "msg_01K2JbSUMYhez5RHoK9ZCj9U",
              model: "claude-haiku-4-5-20251001", finish: .toolCalls, usage: Usage(promptTokens: 849, completionTokens: 47)),
        .init(path: "anthropic/messages-stream-web-search.sse", id: "msg_01TRpkkgb2QsnyjsGSVdRtGr",
              model: "claude-opus-4-1-20250805", finish: .stop, usage: Usage(promptTokens: 10423, completionTokens: 341)),
    ]

    @Test(arguments: captures)
    func decodesToCanonicalEvents(_ expected: Expectation) throws {
        let capture = try AnthropicStreamCapture(expected.path)
        let events = try capture.decode()
        let summary = CanonicalStreamSummary(events)

        guard case .start(let id, let model, let created)? = events.first else {
            Issue.record("the first event is not start: \(String(describing: events.first))")
            return
        }
        #expect(id == expected.id)
        #expect(model == expected.model)
        #expect(created > 1_700_000_000)
        #expect(summary.text == capture.text)
        #expect(!summary.text.isEmpty || capture.text.isEmpty)
        #expect(summary.reasoningText == capture.thinking)
        #expect(summary.signatures == capture.signatures)
        #expect(summary.encryptedContents == capture.redactedData)
        let recordedCalls = capture.toolUses
        #expect(summary.toolCalls.map(\.id) == recordedCalls.map(\.id))
        #expect(summary.toolCalls.map(\.name) == recordedCalls.map(\.name))
        // A call with no input at all reads as "{}"; otherwise the arguments are the partial_json
        // pieces exactly as sent (even when cut short by max_tokens).
        #expect(summary.toolCalls.map(\.arguments) == recordedCalls.map { $0.arguments.isEmpty ? "{}" : $0.arguments })
        #expect(summary.finishReason == expected.finish)
        #expect(summary.stopSequence == expected.stopSequence)
        #expect(summary.usage == expected.usage)

        let finishPosition = try #require(events.firstIndex(where: { if case .finish = $0 { true } else { false } }))
        #expect(events[(finishPosition + 1)...].allSatisfy { if case .usage = $0 { true } else { false } },
                "nothing but usage follows finish")
    }

    @Test(arguments: captures)
    func reencodesInAnthropicsGrammar(_ expected: Expectation) throws {
        let capture = try AnthropicStreamCapture(expected.path)
        let canonical = try capture.decode()
        let payloads = try checkAnthropicGrammar(encodeAnthropicStream(canonical, model: "alias"))

        let message = payloads[0]["message"]
        #expect(message?["id"] == .string(expected.id))
        #expect(message?["model"] == "alias")
        let starts = payloads.filter { $0["type"] == "content_block_start" }
        #expect(starts.compactMap { $0["content_block"]?["type"]?.stringValue } == capture.canonicalBlockTypes)

        let reencoded = AnthropicStreamCapture(payloads: payloads)
        #expect(reencoded.text == capture.text)
        #expect(reencoded.thinking == capture.thinking)
        #expect(reencoded.signatures == capture.signatures)
        #expect(reencoded.redactedData == capture.redactedData)
        #expect(reencoded.toolUses.map(\.id) == capture.toolUses.map(\.id))
        #expect(reencoded.toolUses.map(\.arguments) == capture.toolUses.map { $0.arguments.isEmpty ? "{}" : $0.arguments })

        let recordedDelta = try #require(capture.payloads.last(where: { $0["type"] == "message_delta" }))
        let messageDelta = payloads[payloads.count - 2]
        #expect(messageDelta["delta"]?["stop_reason"] == recordedDelta["delta"]?["stop_reason"])
        #expect(messageDelta["delta"]?["stop_sequence"] == recordedDelta["delta"]?["stop_sequence"])
        let usage = try #require(messageDelta["usage"])
        #expect(usage["output_tokens"]?.intValue == expected.usage.completionTokens)
        #expect(usage["cache_read_input_tokens"]?.intValue == expected.usage.cachedTokens)
        #expect(usage["cache_creation_input_tokens"]?.intValue == expected.usage.cacheWriteTokens)
        #expect(usage["input_tokens"]?.intValue == expected.usage.promptTokens - expected.usage.cachedTokens - expected.usage.cacheWriteTokens)
    }
}

extension AnthropicStreamCapture {
    /// A stream given as payloads (an encoder's output).
    init(payloads: [JSONValue]) {
        self.events = payloads.map { ServerSentEvent(event: $0["type"]?.stringValue, data: JSON.serialize($0)) }
        self.payloads = payloads
    }
}
