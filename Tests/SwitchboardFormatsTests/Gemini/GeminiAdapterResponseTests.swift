import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Gemini adapter: reading non-streamed answers and errors")
struct GeminiAdapterResponseTests {
    let adapter = GeminiAdapter()

    @Test func pathsCarryTheModelAndTheStreamMode() {
        #expect(adapter.path(model: "gemini-2.5-flash", stream: false) == "/models/gemini-2.5-flash:generateContent")
        #expect(adapter.path(model: "gemini-2.5-flash", stream: true) == "/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
    }

    @Test func textAnswer() throws {
        let response = try adapter.decodeResponse(try Fixtures.data("gemini/generate-content-text.json"))
        #expect(response.id == "bzlXaa_EE_aHqtsPi_zw8Ao")
        #expect(response.model == "gemini-2.5-flash")
        #expect(response.content == [.text("Hello! How can I help you today?")])
        #expect(response.finishReason == .stop)
        #expect(response.usage == Usage(promptTokens: 9, completionTokens: 9 + 34, reasoningTokens: 34))
        #expect(response.created > 1_700_000_000)
    }

    @Test func functionCallAnswerWithoutIdsGetsGeneratedOnes() throws {
        let response = try adapter.decodeResponse(try Fixtures.data("gemini/generate-content-function-call.json"))
        #expect(response.id.hasPrefix("gemini-"), "the capture has no responseId")
        #expect(response.model == "gemini-2.0-flash-exp")
        #expect(response.content == [.toolCall(ToolCall(id: "call_0", name: "get_capital", arguments: #"{"country":"France"}"#))])
        #expect(response.finishReason == .toolCalls, "Gemini says STOP for function calls")
        #expect(response.usage == Usage(promptTokens: 23, completionTokens: 5))
    }

    @Test func functionCallKeepsItsThoughtSignature() throws {
        let response = try adapter.decodeResponse(try Fixtures.data("gemini/generate-content-function-call-thought-signature.json"))
        #expect(response.id == "JniLacKqGqH0xs0P0O776As")
        #expect(response.model == "gemini-3-pro-preview")
        #expect(response.content == [.toolCall(ToolCall(
            id: "call_0", name: "weather", arguments: #"{"location":"San Francisco"}"#,
            signature: "Eqo+Cqc+Ab4+9vtgONaaz6qwy6WXdp7gCd2w0X+Wz2gaBgY0Gv6A12JKo0y5vQwf9YQFyhMbKr1E9m17VT6HXd7jXzjaGYaE"))])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == Usage(promptTokens: 29, completionTokens: 15 + 1801, reasoningTokens: 1801))
    }

    @Test func thoughtsAnswerKeepsTheThoughtAndTheSignatureBeforeTheText() throws {
        let body = try Fixtures.data("gemini/generate-content-thoughts.json")
        let parts = try #require(try JSON.parse(body)["candidates"]?.arrayValue?.first?["content"]?["parts"]?.arrayValue)
        let thought = try #require(parts[0]["text"]?.stringValue)
        let answer = try #require(parts[1]["text"]?.stringValue)
        let signature = try #require(parts[1]["thoughtSignature"]?.stringValue)
        let response = try adapter.decodeResponse(body)
        #expect(response.id == "ON4gaYT4Gc20qtsP2bSiiQ0")
        #expect(response.content == [
            .reasoning(Reasoning(text: thought, providerFamily: "gemini")),
            .reasoning(Reasoning(text: "", signature: signature, providerFamily: "gemini")),
            .text(answer),
        ])
        #expect(thought.hasPrefix("**A Safe Street-Crossing Guide: My Thought Process**"))
        #expect(answer.hasPrefix("Crossing the street safely is a fundamental skill"))
        #expect(signature.count == 5180)
        #expect(response.finishReason == .stop)
        #expect(response.usage == Usage(promptTokens: 29, completionTokens: 736 + 1001, reasoningTokens: 1001))
    }

    @Test func cachedTokensAndFinishReasons() throws {
        let body = #"{"candidates":[{"content":{"role":"model","parts":[{"text":"cut"}]},"finishReason":"MAX_TOKENS"}],"usageMetadata":{"promptTokenCount":100,"cachedContentTokenCount":80,"candidatesTokenCount":5,"totalTokenCount":105}}"#
        let response = try adapter.decodeResponse(Array(body.utf8))
        #expect(response.finishReason == .length)
        #expect(response.usage == Usage(promptTokens: 100, completionTokens: 5, cachedTokens: 80))
        let blocked = #"{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":4,"totalTokenCount":4}}"#
        let refused = try adapter.decodeResponse(Array(blocked.utf8))
        #expect(refused.finishReason == .contentFilter)
        #expect(refused.content.isEmpty)
        #expect(GeminiFinishReason.decode("RECITATION") == .contentFilter)
        #expect(GeminiFinishReason.decode("MALFORMED_FUNCTION_CALL") == .other("MALFORMED_FUNCTION_CALL"))
        #expect(GeminiFinishReason.decode("OTHER") == .other("OTHER"))
    }

    @Test func unreadableBodyIsAnUpstreamFailure() {
        #expect(throws: GatewayError(.upstreamUnavailable, "The upstream answered with a body that is not a JSON object.")) {
            try adapter.decodeResponse(Array("<html>".utf8))
        }
    }

    @Test func errorBodyKeepsStatusMessageAndRetryDelay() throws {
        let error = adapter.decodeError(status: 429, body: try Fixtures.data("gemini/error-429-resource-exhausted.json"))
        #expect(error.kind == .upstreamStatus)
        #expect(error.status == 429)
        #expect(error.message == "You exceeded your current quota, please check your plan.")
        #expect(error.code == "RESOURCE_EXHAUSTED")
        #expect(error.type == "rate_limit_error")
        #expect(error.retryAfter == 35, "retryDelay 34.4s rounded up")

        let plain = adapter.decodeError(status: 503, body: Array("upstream connect error".utf8))
        #expect(plain.status == 503)
        #expect(plain.message == "Upstream error (HTTP 503): upstream connect error")
        #expect(plain.code == "UNAVAILABLE")

        let inArray = GeminiErrorEnvelope.decode(Array(#"[{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}]"#.utf8), status: 400)
        #expect(inArray.message == "bad")
        #expect(inArray.code == "INVALID_ARGUMENT")
    }

    @Test func errorsAreWrittenInGooglesEnvelope() {
        let cases: [(GatewayError, Int, String)] = [
            (.invalidRequest("'contents' must not be empty.", param: "contents"), 400, "INVALID_ARGUMENT"),
            (GatewayError(.authentication, "bad key"), 401, "UNAUTHENTICATED"),
            (GatewayError(.permission, "no"), 403, "PERMISSION_DENIED"),
            (GatewayError(.modelNotFound, "none"), 404, "NOT_FOUND"),
            (GatewayError(.requestTooLarge, "big"), 413, "INVALID_ARGUMENT"),
            (GatewayError(.rateLimited, "slow down"), 429, "RESOURCE_EXHAUSTED"),
            (GatewayError(.internalError, "oops"), 500, "INTERNAL"),
            (GatewayError(.upstreamUnavailable, "down"), 502, "UNAVAILABLE"),
            (GatewayError(.unavailable, "busy"), 503, "UNAVAILABLE"),
            (GatewayError(.upstreamTimeout, "late"), 504, "DEADLINE_EXCEEDED"),
        ]
        for (error, code, status) in cases {
            let envelope = GeminiErrorEnvelope.encode(error)
            #expect(envelope == .object(["error": .object([
                "code": .int(code), "message": .string(error.message), "status": .string(status),
            ])]))
        }
    }
}
