import Testing
import Foundation
import SwitchboardCore
import SwitchboardProviders
import SwitchboardTesting

@Suite("POST /v1/embeddings over loopback: mock, OpenAI, OpenAI-compatible, Gemini")
struct EmbeddingsTests {
    static func floats(base64 text: String) throws -> [Float] {
        let data = try #require(Data(base64Encoded: text))
        return stride(from: 0, to: data.count, by: 4).map { offset in
            let bits = UInt32(data[offset]) | UInt32(data[offset + 1]) << 8 | UInt32(data[offset + 2]) << 16 | UInt32(data[offset + 3]) << 24
            return Float(bitPattern: bits)
        }
    }

    static func vector(_ answer: GatewayHarness.Exchange, _ index: Int = 0) -> [Double] {
        answer.json?["data"]?.arrayValue?.dropFirst(index).first?["embedding"]?.arrayValue?.compactMap(\.doubleValue) ?? []
    }

    @Test func theMockGivesDeterministicUnitVectorsAndIsCharged() async throws {
        try await EmbeddingsStack.run { harness, _ in
            let body: JSONValue = ["model": "mock-embedding-1", "input": ["hello world", "hello world", "goodbye"]]
            let answer = try await harness.post("/v1/embeddings", json: body)
            #expect(answer.status == 200)
            #expect(answer.json?["object"] == "list" && answer.json?["model"] == "mock-embedding-1")
            let (first, second, third) = (Self.vector(answer, 0), Self.vector(answer, 1), Self.vector(answer, 2))
            #expect(first.count == 1536)
            #expect(first == second && first != third)
            #expect(abs(first.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3)
            let tokens = try #require(answer.json?["usage"]?["prompt_tokens"]?.intValue)
            #expect(tokens > 0 && answer.json?["usage"]?["total_tokens"] == .int(tokens))

            let short = try await harness.post("/v1/embeddings", json: ["model": "mock-embedding-1", "input": "hello world", "dimensions": 256])
            #expect(Self.vector(short).count == 256)
            let encoded = try await harness.post(
                "/v1/embeddings", json: ["model": "mock-embedding-1", "input": "hello world", "encoding_format": "base64"])
            let decoded = try Self.floats(base64: try #require(encoded.json?["data"]?.arrayValue?.first?["embedding"]?.stringValue))
            #expect(decoded.map(Double.init) == first.map { Double(Float($0)) })

            let record = try #require(try await EmbeddingsStack.records(harness).first { $0.requestID == answer.headers.first(name: "x-request-id") })
            #expect(record.endpoint == "embeddings" && record.model == "mock-embedding-1" && record.channel == "mock")
            #expect(record.usage.promptTokens == tokens && record.status == 200)
            #expect(record.costUSD > 0)
        }
    }

    @Test func openAIGetsTheClientsBodyWithOnlyTheModelRewritten() async throws {
        try await EmbeddingsStack.run { harness, upstream in
            let body = #"{"model":"embed-alias","input":["a b",[1]],"user":"u-1","x_future":{"keep":[1.50,true]}}"#
            let mixed = try await harness.send(.POST, "/v1/embeddings", body: Array(body.utf8))
            #expect(mixed.status == 400 && mixed.json?["error"]?["param"] == "input")

            let valid = #"{"model":"embed-alias","input":["a b","c"],"dimensions":64,"user":"u-1","x_future":{"keep":[1.50,true]}}"#
            let answer = try await harness.send(.POST, "/v1/embeddings", body: Array(valid.utf8))
            #expect(answer.status == 200)
            let received = try #require(upstream.requests.last)
            #expect(received.path == "/v1/embeddings")
            #expect(String(decoding: received.body, as: UTF8.self) == valid.replacingOccurrences(of: "embed-alias", with: "text-embedding-3-small"))
            #expect(received.headers["authorization"] == "Bearer sk-upstream-openai")
            #expect(answer.json?["model"] == "embed-alias")
            #expect(Self.vector(answer, 1).count == 64)
            let tokens = answer.json?["usage"]?["prompt_tokens"]?.intValue
            let record = try #require(try await EmbeddingsStack.records(harness).first)
            #expect(record.upstreamModel == "text-embedding-3-small" && record.channel == "openai")
            #expect(record.usage.promptTokens == tokens)
            #expect(record.costUSD == Double(tokens ?? 0) * 0.02 / 1_000_000)
        }
    }

    @Test func base64AnswersFromOpenAIAreRelayedAsSent() async throws {
        try await EmbeddingsStack.run { harness, _ in
            let answer = try await harness.post(
                "/v1/embeddings", json: ["model": "text-embedding-3-large", "input": [[1, 2, 3]], "encoding_format": "base64"])
            #expect(answer.status == 200)
            let vector = try Self.floats(base64: try #require(answer.json?["data"]?.arrayValue?.first?["embedding"]?.stringValue))
            #expect(vector.count == 3072)
            #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3)
        }
    }

    @Test func upstreamErrorsKeepTheirStatusAndMessage() async throws {
        try await EmbeddingsStack.run { harness, upstream in
            let refused = try await harness.post("/v1/embeddings", json: ["model": "text-embedding-3-small", "input": "x", "dimensions": 4000])
            #expect(refused.status == 400)
            #expect(refused.json?["error"]?["message"]?.stringValue?.contains("less than or equal to 1536") == true)

            let broken = try await harness.post("/v1/embeddings", json: ["model": "embed-broken", "input": "x"])
            #expect(broken.status == 400 && broken.json?["error"]?["message"] == "Injected upstream failure 400")

            let garbled = try await harness.post("/v1/embeddings", json: ["model": "embed-garbled", "input": "x"])
            #expect(garbled.status == 502 && garbled.json?["error"]?["type"] == "upstream_error")

            let flaky = try await harness.post("/v1/embeddings", json: ["model": "embed-flaky", "input": "x"])
            #expect(flaky.status == 200 && Self.vector(flaky).count == 1536)
            #expect(upstream.requestCount(model: "fault:flaky-1-500") == 2)
            let records = try await EmbeddingsStack.records(harness)
            #expect(records.count { $0.model == "embed-flaky" } == 1)
        }
    }

    @Test func aStalledUpstreamIsAGatewayTimeout() async throws {
        try await EmbeddingsStack.run { harness, _ in
            let answer = try await harness.post("/v1/embeddings", json: ["model": "embed-stalled", "input": "x"])
            #expect(answer.status == 504)
            #expect(answer.json?["error"]?["code"] == "upstream_timeout")
            let record = try #require(try await EmbeddingsStack.records(harness).first)
            #expect(record.status == 504 && record.channel == "slow")
        }
    }

    @Test func aFailingChannelFailsOverToTheNext() async throws {
        try await EmbeddingsStack.run { harness, upstream in
            let answer = try await harness.post("/v1/embeddings", json: ["model": "embed-failover", "input": "x"])
            #expect(answer.status == 200 && answer.json?["model"] == "embed-failover")
            #expect(upstream.requestCount(model: "fault:status-503-retry-none") >= 1)
            #expect(upstream.requests.last?.headers["authorization"] == "Bearer sk-upstream-second")
            let records = try await EmbeddingsStack.records(harness).filter { $0.model == "embed-failover" }
            #expect(records.count == 1)
            #expect(records.first?.channel == "second" && records.first?.status == 200)
        }
    }

    @Test func geminiGetsBatchEmbedContentsAndTheClientGetsOpenAIsShape() async throws {
        try await EmbeddingsStack.run { harness, upstream in
            let answer = try await harness.post(
                "/v1/embeddings", json: ["model": "gemini-embedding-001", "input": ["one", "two"], "dimensions": 768])
            #expect(answer.status == 200)
            let received = try #require(upstream.requests.last)
            #expect(received.path == "/v1beta/models/gemini-embedding-001:batchEmbedContents")
            #expect(received.headers["x-goog-api-key"] == "gemini-upstream-key")
            #expect(received.json?["requests"]?.arrayValue?.dropFirst(1).first?["content"]?["parts"]?.arrayValue?.first?["text"] == "two")
            #expect(received.json?["requests"]?.arrayValue?.first?["outputDimensionality"] == .int(768))
            #expect(answer.json?["model"] == "gemini-embedding-001")
            #expect(answer.json?["data"]?.arrayValue?.count == 2)
            #expect(Self.vector(answer, 1).count == 768)
            let tokens = TokenEstimator.estimate("one") + TokenEstimator.estimate("two")
            #expect(answer.json?["usage"]?["prompt_tokens"] == .int(tokens))

            let encoded = try await harness.post(
                "/v1/embeddings", json: ["model": "gemini-embedding-001", "input": "one", "encoding_format": "base64"])
            let vector = try Self.floats(base64: try #require(encoded.json?["data"]?.arrayValue?.first?["embedding"]?.stringValue))
            #expect(vector.count == 3072)

            let record = try #require(try await EmbeddingsStack.records(harness).first { $0.requestID == answer.headers.first(name: "x-request-id") })
            #expect(record.channel == "gemini" && record.usage.promptTokens == tokens)
            #expect(record.costUSD == Double(tokens) * 0.15 / 1_000_000)
        }
    }

    @Test func moreThan100TextsGoToGeminiInBatchesAndComeBackInOrder() async throws {
        try await EmbeddingsStack.run { harness, upstream in
            let texts = (0..<150).map { JSONValue.string("text number \($0)") }
            let answer = try await harness.post(
                "/v1/embeddings", json: ["model": "gemini-embedding-001", "input": .array(texts), "dimensions": 16])
            #expect(answer.status == 200)
            #expect(answer.json?["data"]?.arrayValue?.count == 150)
            #expect(upstream.requestCount(path: "/v1beta/models/gemini-embedding-001:batchEmbedContents") == 2)
            #expect(answer.json?["data"]?.arrayValue?.last?["index"] == .int(149))
            let single = try await harness.post(
                "/v1/embeddings", json: ["model": "gemini-embedding-001", "input": "text number 120", "dimensions": 16])
            #expect(Self.vector(answer, 120) == Self.vector(single))
            #expect(try await EmbeddingsStack.records(harness).count { $0.model == "gemini-embedding-001" } == 2)
        }
    }

    @Test func geminiRefusesTokenIdsAndPassesItsErrorsOn() async throws {
        try await EmbeddingsStack.run { harness, upstream in
            let before = upstream.requests.count
            let tokens = try await harness.post("/v1/embeddings", json: ["model": "gemini-embedding-001", "input": [1, 2]])
            #expect(tokens.status == 400 && tokens.json?["error"]?["param"] == "input")
            #expect(upstream.requests.count == before)
            let denied = try await harness.post("/v1/embeddings", json: ["model": "gemini-broken", "input": "x"])
            #expect(denied.status == 403 && denied.json?["error"]?["message"] == "Injected upstream failure 403")
            let records = try await EmbeddingsStack.records(harness)
            #expect(records.contains { $0.model == "gemini-embedding-001" && $0.status == 400 })
        }
    }

    @Test func anthropicChannelsDoNotEmbed() async throws {
        try await EmbeddingsStack.run { harness, upstream in
            let answer = try await harness.post("/v1/embeddings", json: ["model": "claude-sonnet-4-5", "input": "x"])
            #expect(answer.status == 400)
            #expect(answer.json?["error"]?["message"]?.stringValue?.contains("does not serve embeddings") == true)
            #expect(answer.json?["error"]?["type"] == "invalid_request_error")
            #expect(upstream.requests.isEmpty)
            #expect(try await EmbeddingsStack.records(harness).first?.status == 400)
        }
    }

    @Test func aChannelWithoutTheEndpointIsSkippedForOneThatHasIt() async throws {
        try await EmbeddingsStack.run(model: "shared-embed", extra: [
            .init(name: "claude-first", provider: .anthropic, apiKey: "sk-ant-upstream", upstreamModel: "claude-sonnet-4-5"),
            .init(name: "embedder", provider: .openaiCompatible, apiKey: "sk-upstream-embedder", upstreamModel: "text-embedding-3-small"),
        ], attempts: 2) { harness, upstream in
            let answer = try await harness.post("/v1/embeddings", json: ["model": "shared-embed", "input": "x"])
            #expect(answer.status == 200, "\(answer.text)")
            #expect(upstream.requests.count == 1, "nothing went to the channel without embeddings")
            let records = try await EmbeddingsStack.records(harness).filter { $0.model == "shared-embed" }
            #expect(records.count == 1)
            #expect(records.first?.channel == "embedder" && records.first?.status == 200)
            let skipped = try await harness.send(.GET, "/admin/v1/channels/config:claude-first", key: GatewayHarness.adminKey)
            #expect(skipped.json?["health"]?["state"]?.stringValue == "healthy", "a missing endpoint is not a failure of the channel")
        }
    }

    @Test func aRealFailureIsTheAnswerWhenTheLastChannelHasNoEndpoint() async throws {
        // One try per channel: the Anthropic one is the last step.
        try await EmbeddingsStack.run(model: "down-embed", extra: [
            .init(name: "down-first", provider: .openaiCompatible, apiKey: "sk-upstream-down", upstreamModel: "fault:status-503-retry-none"),
            .init(name: "claude-last", provider: .anthropic, apiKey: "sk-ant-upstream", upstreamModel: "claude-sonnet-4-5"),
        ], attempts: 1) { harness, _ in
            let answer = try await harness.post("/v1/embeddings", json: ["model": "down-embed", "input": "x"])
            #expect(answer.status == 503, "the upstream's failure, not the 400 of a channel that never had the endpoint: \(answer.text)")
            let records = try await EmbeddingsStack.records(harness).filter { $0.model == "down-embed" }
            #expect(records.count == 1)
            #expect(records.first?.channel == "down-first" && records.first?.status == 503)
        }
    }

    @Test func authModelAccessAndValidationAnswerInOpenAIsEnvelope() async throws {
        try await EmbeddingsStack.run { harness, _ in
            let anonymous = try await harness.post("/v1/embeddings", json: ["model": "mock-embedding-1", "input": "x"], key: nil)
            #expect(anonymous.status == 401 && anonymous.json?["error"]?["code"] == "invalid_api_key")
            let unknown = try await harness.post("/v1/embeddings", json: ["model": "no-such-model", "input": "x"])
            #expect(unknown.status == 404 && unknown.json?["error"]?["code"] == "model_not_found")
            let forbidden = try await harness.post(
                "/v1/embeddings", json: ["model": "text-embedding-3-small", "input": "x"], key: EmbeddingsStack.mockOnlyKey)
            #expect(forbidden.status == 403 && forbidden.json?["error"]?["code"] == "model_not_allowed")
            let cases: [(JSONValue, String)] = [
                (["model": "mock-embedding-1"], "input"),
                (["model": "mock-embedding-1", "input": ""], "input"),
                (["model": "mock-embedding-1", "input": 3], "input"),
                (["model": "mock-embedding-1", "input": "x", "dimensions": 0], "dimensions"),
                (["model": "mock-embedding-1", "input": "x", "encoding_format": "int8"], "encoding_format"),
                (["input": "x"], "model"),
            ]
            for (body, field) in cases {
                let answer = try await harness.post("/v1/embeddings", json: body)
                #expect(answer.status == 400, "\(body)")
                #expect(answer.json?["error"]?["param"] == .string(field), "\(body)")
                #expect(answer.headers.first(name: "x-request-id") != nil)
            }
            let malformed = try await harness.send(.POST, "/v1/embeddings", body: Array(#"{"model":"#.utf8))
            #expect(malformed.status == 400 && malformed.json?["error"]?["type"] == "invalid_request_error")
        }
    }
}
