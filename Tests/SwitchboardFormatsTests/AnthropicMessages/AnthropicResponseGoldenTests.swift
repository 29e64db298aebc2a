import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting
import Testing

/// The recorded non-streamed Anthropic answers, read through the adapter and written back by the
/// response encoder.
@Suite("Anthropic non-stream captures: decode and re-encode")
struct AnthropicResponseGoldenTests {
    let adapter = AnthropicMessagesAdapter()

    @Test func text() throws {
        let response = try adapter.decodeResponse(try Fixtures.data("anthropic/messages-nonstream-text.json"))
        #expect(response.id == "msg_01VdEjxAP5ahtHKrrRdNBteQ")
        #expect(response.model == "claude-sonnet-4-5-20250929")
        #expect(response.content == [.text("Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?")])
        #expect(response.finishReason == .stop)
        #expect(response.stopSequence == nil)
        #expect(response.usage == Usage(promptTokens: 12, completionTokens: 29))
    }

    @Test func toolUse() throws {
        let body = try Fixtures.data("anthropic/messages-nonstream-tool-use.json")
        let response = try adapter.decodeResponse(body)
        #expect(response.id == "msg_0191iYfpERYfS27xLsdW2nbb")
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == Usage(promptTokens: 1151, completionTokens: 87))
        guard case .toolCall(let call)? = response.content.first, response.content.count == 1 else {
            Issue.record("expected one tool call, got \(response.content)")
            return
        }
        #expect(call.id == "toolu_01Q9ExVZnzZj7E2QQYHYtNUa")
        #expect(call.name == "json")
        let recordedInput = try JSON.parse(body)["content"]?.arrayValue?.first?["input"]
        #expect(try JSON.parse(call.arguments) == recordedInput)
        #expect(call.arguments.hasPrefix(#"{"elements":[{"location":"San Francisco","temperature":-5"#))
    }

    @Test func thinking() throws {
        let body = try Fixtures.data("anthropic/messages-nonstream-thinking.json")
        let recorded = try JSON.parse(body)["content"]?.arrayValue ?? []
        let response = try adapter.decodeResponse(body)
        #expect(response.content.count == 2)
        #expect(response.content.first == .reasoning(Reasoning(
            text: recorded[0]["thinking"]?.stringValue ?? "?", signature: recorded[0]["signature"]?.stringValue,
            providerFamily: "anthropic")))
        #expect(response.content.last == .text(recorded[1]["text"]?.stringValue ?? "?"))
        #expect(response.usage == Usage(promptTokens: 43, completionTokens: 321))
    }

    @Test func thinkingTextAndToolUseKeepTheirOrder() throws {
        let body = try Fixtures.data("anthropic/messages-nonstream-thinking-text-tool-use.json")
        let recorded = try JSON.parse(body)["content"]?.arrayValue ?? []
        let response = try adapter.decodeResponse(body)
        #expect(response.content == [
            .reasoning(Reasoning(text: recorded[0]["thinking"]?.stringValue ?? "?", signature: recorded[0]["signature"]?.stringValue, providerFamily: "anthropic")),
            .text("I'll help you find the largest city in your country. First, let me determine which country you're from."),
            .toolCall(ToolCall(id: "toolu_01YGzqpRE16Vricda3Aqcejo", name: "get_user_country", arguments: "{}")),
        ])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == Usage(promptTokens: 398, completionTokens: 155))
    }

    @Test func cacheUsageAddsCacheReadsAndWritesToThePrompt() throws {
        let response = try adapter.decodeResponse(try Fixtures.data("anthropic/messages-nonstream-cache-usage.json"))
        #expect(response.usage == Usage(promptTokens: 3 + 1111 + 418, completionTokens: 33, cachedTokens: 1111, cacheWriteTokens: 418))
    }

    static let nonStreamCaptures = [
        "anthropic/messages-nonstream-text.json", "anthropic/messages-nonstream-tool-use.json",
        "anthropic/messages-nonstream-thinking.json", "anthropic/messages-nonstream-thinking-text-tool-use.json",
        "anthropic/messages-nonstream-cache-usage.json",
    ]

    /// Decoded and encoded again, every capture comes back with the same content, stop reason and
    /// usage members as recorded.
    @Test(arguments: nonStreamCaptures)
    func reencodesLikeTheCapture(_ path: String) throws {
        let recorded = try JSON.parse(try Fixtures.data(path))
        let encoded = AnthropicMessagesResponseEncoder.encode(try adapter.decodeResponse(try Fixtures.data(path)))
        #expect(encoded["type"] == "message")
        #expect(encoded["role"] == "assistant")
        for key in ["id", "model", "content", "stop_reason"] {
            #expect(encoded[key].map(sortingKeys) == recorded[key].map(sortingKeys), "\(key)")
        }
        #expect(encoded["stop_sequence"] == .null)
        for key in ["input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "output_tokens"] {
            #expect(encoded["usage"]?[key] == recorded["usage"]?[key], "usage.\(key)")
        }
    }

    @Test func errorBodiesKeepStatusTypeAndMessage() throws {
        let badRequest = adapter.decodeError(status: 400, body: try Fixtures.data("anthropic/messages-error-400-invalid-request.json"))
        #expect(badRequest.kind == .upstreamStatus)
        #expect(badRequest.status == 400)
        #expect(badRequest.type == "invalid_request_error")
        #expect(badRequest.message == "This model does not support effort level 'xhigh'. Supported levels: high, low, max, medium.")
        #expect(AnthropicErrorEnvelope.errorType(for: badRequest) == "invalid_request_error")

        let notFound = adapter.decodeError(status: 404, body: try Fixtures.data("anthropic/messages-error-404-not-found.json"))
        #expect(notFound.status == 404)
        #expect(notFound.message == "model: claude-does-not-exist")
        #expect(AnthropicErrorEnvelope.encode(notFound) == .object([
            "type": "error", "error": .object(["type": "not_found_error", "message": "model: claude-does-not-exist"]),
        ]))

        let html = AnthropicErrorEnvelope.decode(Array("<html>bad gateway</html>".utf8), status: 502)
        #expect(html.status == 502)
        #expect(html.message.contains("<html>bad gateway</html>"))
        #expect(AnthropicErrorEnvelope.errorType(for: html) == "api_error")
    }

    @Test func errorTypesFollowTheStatus() {
        let cases: [(GatewayError, String)] = [
            (.invalidRequest("x"), "invalid_request_error"),
            (GatewayError(.authentication, "x"), "authentication_error"),
            (GatewayError(.permission, "x"), "permission_error"),
            (GatewayError(.modelNotFound, "x"), "not_found_error"),
            (GatewayError(.requestTooLarge, "x"), "request_too_large"),
            (GatewayError(.rateLimited, "x"), "rate_limit_error"),
            (GatewayError(.internalError, "x"), "api_error"),
            (GatewayError(.unavailable, "x"), "overloaded_error"),
            (GatewayError(.upstreamStatus, "x", status: 529), "overloaded_error"),
            (GatewayError(.upstreamUnavailable, "x"), "api_error"),
            (GatewayError(.upstreamTimeout, "x"), "api_error"),
            // An OpenAI upstream's own type is not an Anthropic type: the status decides.
            (GatewayError(.upstreamStatus, "x", status: 429, type: "insufficient_quota"), "rate_limit_error"),
        ]
        for (error, type) in cases {
            #expect(AnthropicErrorEnvelope.errorType(for: error) == type, "\(error)")
        }
    }

    @Test func foreignReasoningLosesItsSignatureButKeepsItsPlace() {
        let response = GenerationResponse(
            id: "resp_1", model: "m", created: 0,
            content: [
                .reasoning(Reasoning(text: "think", signature: "gemini-sig", providerFamily: "gemini")),
                .reasoning(Reasoning(text: "", encryptedContent: "enc", providerFamily: "openai")),
                .text("answer"),
                .toolCall(ToolCall(id: "c1", name: "f", arguments: "{not json")),
                .refusal("no"),
                .reasoning(Reasoning(text: "", encryptedContent: "redacted", providerFamily: "anthropic")),
            ],
            finishReason: .stop, usage: Usage(promptTokens: 10, completionTokens: 3, cachedTokens: 4, cacheWriteTokens: 2),
            stopSequence: "END")
        let encoded = AnthropicMessagesResponseEncoder.encode(response)
        #expect(encoded["id"] == "msg_resp_1")
        #expect(encoded["content"] == .array([
            .object(["type": "thinking", "thinking": "think"]),
            .object(["type": "text", "text": "answer"]),
            .object(["type": "tool_use", "id": "c1", "name": "f", "input": .object([:])]),
            .object(["type": "text", "text": "no"]),
            .object(["type": "redacted_thinking", "data": "redacted"]),
        ]))
        #expect(encoded["stop_reason"] == "stop_sequence")
        #expect(encoded["stop_sequence"] == "END")
        #expect(encoded["usage"] == .object([
            "input_tokens": .int(4), "cache_creation_input_tokens": .int(2), "cache_read_input_tokens": .int(4), "output_tokens": .int(3),
        ]))
    }

    @Test func stopReasonsMapBothWays() {
        #expect(AnthropicStopReason.encode(.stop, stopSequence: nil) == "end_turn")
        #expect(AnthropicStopReason.encode(.length, stopSequence: nil) == "max_tokens")
        #expect(AnthropicStopReason.encode(.toolCalls, stopSequence: nil) == "tool_use")
        #expect(AnthropicStopReason.encode(.contentFilter, stopSequence: nil) == "refusal")
        #expect(AnthropicStopReason.encode(.other("pause_turn"), stopSequence: nil) == "pause_turn")
        #expect(AnthropicStopReason.decode("pause_turn") == .other("pause_turn"))
        #expect(AnthropicStopReason.decode("refusal") == .contentFilter)
        #expect(AnthropicStopReason.decode("stop_sequence") == .stop)
    }
}
