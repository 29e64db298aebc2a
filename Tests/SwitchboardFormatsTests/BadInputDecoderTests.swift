import Testing
import SwitchboardCore
import SwitchboardFormats

/// Inputs the conformance fuzzing and hand-written bad-input cases found getting past the client
/// decoders: each must be a 400 naming the field, not reach a provider or admission.
@Suite("Bad input at the client decoders")
struct BadInputDecoderTests {
    enum Format: String, CaseIterable, CustomTestStringConvertible {
        case chat, responses, anthropic, gemini
        var testDescription: String { rawValue }

        /// A minimal valid body with `extra` members added at the top level (`generationConfig`
        /// members for Gemini; Anthropic's `max_tokens` only when `extra` has none).
        func body(_ extra: String) -> String {
            let more = extra.isEmpty ? "" : "," + extra
            switch self {
            case .chat: return #"{"model":"mock-1","messages":[{"role":"user","content":"hi"}]"# + more + "}"
            case .responses: return #"{"model":"mock-1","input":"hi""# + more + "}"
            case .anthropic:
                let limit = extra.contains("\"max_tokens\"") ? "" : #","max_tokens":16"#
                return #"{"model":"mock-1","messages":[{"role":"user","content":"hi"}]"# + limit + more + "}"
            case .gemini: return #"{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generationConfig":{"# + extra + "}}"
            }
        }

        /// The member that limits output tokens in this format.
        var outputLimit: String {
            switch self {
            case .chat: "max_tokens"
            case .responses: "max_output_tokens"
            case .anthropic: "max_tokens"
            case .gemini: "maxOutputTokens"
            }
        }

        func decode(_ body: String) throws(GatewayError) {
            let bytes = Array(body.utf8)
            switch self {
            case .chat: _ = try OpenAIChatInboundRequest(body: bytes)
            case .responses: _ = try OpenAIResponsesRequest.parse(body: bytes)
            case .anthropic: _ = try AnthropicMessagesRequestDecoder.decode(body: bytes)
            case .gemini: _ = try GeminiRequestDecoder.decode(body: bytes, model: "mock-1", stream: false)
            }
        }
    }

    private func rejection(_ format: Format, _ body: String) -> GatewayError? {
        do {
            try format.decode(body)
            return nil
        } catch {
            return error
        }
    }

    /// `generationConfig.maxOutputTokens: -1` reached the mock provider, which crashed the
    /// gateway taking a prefix of negative length.
    @Test(arguments: ["-1", "0", "-9223372036854775808"])
    func geminiNonPositiveMaxOutputTokensIsA400(_ value: String) throws {
        let error = try #require(rejection(.gemini, Format.gemini.body(#""maxOutputTokens":"# + value)))
        #expect(error.status == 400)
        #expect(error.param == "generationConfig.maxOutputTokens")
    }

    @Test func geminiCandidateCountBelowOneIsA400() throws {
        let error = try #require(rejection(.gemini, Format.gemini.body(#""candidateCount":0"#)))
        #expect(error.param == "generationConfig.candidateCount")
    }

    /// An output limit near `Int.max` overflowed admission's token estimate (prompt + output)
    /// and crashed the gateway for keys with rate limits or a budget.
    @Test(arguments: Format.allCases)
    func anOutputLimitAboveTwoToTheThirtyOneIsA400(_ format: Format) throws {
        for value in ["9223372036854775807", "4611686018427387904", "2147483648"] {
            let error = try #require(rejection(format, format.body("\"\(format.outputLimit)\":\(value)")), "\(value)")
            #expect(error.status == 400)
            #expect(error.param?.hasSuffix(format.outputLimit) == true || error.message.contains(format.outputLimit))
        }
        #expect(rejection(format, format.body("\"\(format.outputLimit)\":2147483647")) == nil)
    }

    @Test func chatMaxCompletionTokensHasTheSameCeiling() throws {
        let error = try #require(rejection(.chat, Format.chat.body(#""max_completion_tokens":9223372036854775807"#)))
        #expect(error.param == "max_completion_tokens")
    }

    /// `{"model":5,"model":"mock-1"}` passed the chat decoder (its index keeps the last member)
    /// while the translation path read the first.
    @Test(arguments: Format.allCases)
    func aDuplicatedMemberIsA400(_ format: Format) throws {
        let body: String
        switch format {
        case .chat: body = #"{"model":5,"model":"mock-1","messages":[{"role":"user","content":"hi"}]}"#
        case .responses: body = #"{"model":"mock-1","input":"hi","input":5}"#
        case .anthropic: body = #"{"model":"mock-1","max_tokens":16,"max_tokens":-1,"messages":[{"role":"user","content":"hi"}]}"#
        case .gemini: body = #"{"contents":[{"parts":[{"text":"hi"}]}],"contents":5}"#
        }
        let error = try #require(rejection(format, body))
        #expect(error.status == 400)
        #expect(error.message.contains("duplicate key"))
    }

    @Test(arguments: Format.allCases)
    func aDuplicatedMemberInsideAMessageIsA400(_ format: Format) throws {
        let body: String
        switch format {
        case .chat: body = #"{"model":"mock-1","messages":[{"role":"user","role":"bogus","content":"hi"}]}"#
        case .responses: body = #"{"model":"mock-1","input":[{"role":"user","role":"bogus","content":"hi"}]}"#
        case .anthropic: body = #"{"model":"mock-1","max_tokens":16,"messages":[{"role":"user","role":"bogus","content":"hi"}]}"#
        case .gemini: body = #"{"contents":[{"role":"user","role":"bogus","parts":[{"text":"hi"}]}]}"#
        }
        #expect(rejection(format, body)?.status == 400)
    }
}
