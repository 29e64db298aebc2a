import Testing
import SwitchboardCore
import SwitchboardTesting

@Suite("POST /v1/moderations and /v1/rerank over loopback")
struct EmbeddingsModerationRerankTests {
    @Test func theMockModeratesByItsWordLists() async throws {
        try await EmbeddingsStack.run { harness, _ in
            let answer = try await harness.post(
                "/v1/moderations", json: ["model": "mock-moderation-1", "input": ["I will kill you", "Lovely weather"]])
            #expect(answer.status == 200)
            #expect(answer.json?["model"] == "mock-moderation-1")
            #expect(answer.json?["id"]?.stringValue?.hasPrefix("modr-") == true)
            let results = try #require(answer.json?["results"]?.arrayValue)
            #expect(results.map { $0["flagged"] } == [.bool(true), .bool(false)])
            #expect(results.first?["categories"]?["violence"] == .bool(true))
            #expect(results.first?["category_applied_input_types"]?["violence"] == .array(["text"]))
            let record = try #require(try await EmbeddingsStack.records(harness).first)
            #expect(record.endpoint == "moderations" && record.channel == "mock" && record.status == 200)
            #expect(record.usage.promptTokens > 0 && record.costUSD > 0)
        }
    }

    @Test func openAIModerationsArePassedThroughWithTheDefaultModel() async throws {
        try await EmbeddingsStack.run { harness, upstream in
            let body = #"{"input":[{"type":"text","text":"hello"},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}"#
            let defaulted = try await harness.send(.POST, "/v1/moderations", body: Array(body.utf8))
            #expect(defaulted.status == 200)
            #expect(defaulted.json?["model"] == "omni-moderation-latest")
            #expect(defaulted.json?["results"]?.arrayValue?.count == 1)
            let received = try #require(upstream.requests.last)
            #expect(received.path == "/v1/moderations")
            #expect(received.json?["model"] == "omni-moderation-latest")
            #expect(received.json?["input"] == (try JSON.parse(body))["input"])

            let aliased = try await harness.post("/v1/moderations", json: ["model": "moderation-alias", "input": "hate"])
            #expect(aliased.json?["model"] == "moderation-alias")
            #expect(upstream.requests.last?.json?["model"] == "omni-moderation-latest")
            let record = try #require(try await EmbeddingsStack.records(harness).first)
            #expect(record.endpoint == "moderations" && record.channel == "openai" && record.costUSD == 0)
        }
    }

    @Test func moderationsAreRefusedWhereTheChannelHasNone() async throws {
        try await EmbeddingsStack.run { harness, _ in
            let gemini = try await harness.post("/v1/moderations", json: ["model": "gemini-embedding-001", "input": "x"])
            #expect(gemini.status == 400 && gemini.json?["error"]?["message"]?.stringValue?.contains("does not serve moderations") == true)
            let empty = try await harness.post("/v1/moderations", json: ["model": "mock-moderation-1", "input": []])
            #expect(empty.status == 400 && empty.json?["error"]?["param"] == "input")
            let missing = try await harness.post("/v1/moderations", json: ["model": "mock-moderation-1"])
            #expect(missing.status == 400 && missing.json?["error"]?["param"] == "input")
        }
    }

    @Test func theMockRerankSortsByWordOverlap() async throws {
        try await EmbeddingsStack.run { harness, _ in
            let answer = try await harness.post("/v1/rerank", json: [
                "model": "mock-rerank-1", "query": "swift server gateway",
                "documents": ["a cooking recipe", "a gateway written in Swift", ["text": "server side swift gateway"]],
                "top_n": 2,
            ])
            #expect(answer.status == 200)
            let results = try #require(answer.json?["results"]?.arrayValue)
            #expect(results.map { $0["index"] } == [.int(2), .int(1)])
            #expect(results.first?["relevance_score"]?.doubleValue == 1)
            #expect(results.first?["document"]?["text"] == "server side swift gateway")
            #expect(answer.json?["usage"]?["total_tokens"]?.intValue ?? 0 > 0)
            let record = try #require(try await EmbeddingsStack.records(harness).first)
            #expect(record.endpoint == "rerank" && record.model == "mock-rerank-1" && record.costUSD > 0)
        }
    }

    @Test func openAICompatibleRerankIsPassedThrough() async throws {
        try await EmbeddingsStack.run { harness, upstream in
            let body = #"{"model":"rerank-alias","query":"capital","documents":["Paris is the capital","Bread"],"return_documents":false,"x_vendor":1}"#
            let answer = try await harness.send(.POST, "/v1/rerank", body: Array(body.utf8))
            #expect(answer.status == 200)
            let received = try #require(upstream.requests.last)
            #expect(received.path == "/v1/rerank")
            #expect(received.headers["authorization"] == "Bearer sk-upstream-compatible")
            #expect(String(decoding: received.body, as: UTF8.self)
                == body.replacingOccurrences(of: "rerank-alias", with: "jina-reranker-v2-base-multilingual"))
            #expect(answer.json?["model"] == "rerank-alias")
            #expect(answer.json?["results"]?.arrayValue?.first?["index"] == .int(0))
            #expect(answer.json?["results"]?.arrayValue?.first?["document"] == nil)
            let tokens = try #require(answer.json?["usage"]?["total_tokens"]?.intValue)
            let record = try #require(try await EmbeddingsStack.records(harness).first)
            #expect(record.channel == "compatible" && record.usage.promptTokens == tokens)

            let limited = try await harness.post("/v1/rerank", json: ["model": "rerank-broken", "query": "q", "documents": ["d"]])
            #expect(limited.status == 429 && limited.json?["error"]?["type"] == "upstream_test_error")
        }
    }

    @Test func rerankIsRefusedWhereTheChannelHasNone() async throws {
        try await EmbeddingsStack.run { harness, upstream in
            for model in ["openai-rerank", "gemini-embedding-001", "claude-sonnet-4-5"] {
                let answer = try await harness.post("/v1/rerank", json: ["model": .string(model), "query": "q", "documents": ["d"]])
                #expect(answer.status == 400, "\(model)")
                #expect(answer.json?["error"]?["message"]?.stringValue?.contains("does not serve rerank") == true)
            }
            #expect(upstream.requests.isEmpty)
            let bad = try await harness.post("/v1/rerank", json: ["model": "mock-rerank-1", "query": "q", "documents": ["d"], "top_n": 0])
            #expect(bad.status == 400 && bad.json?["error"]?["param"] == "top_n")
        }
    }

    @Test func limitsBudgetsAndBodySizeHoldOnEveryEndpoint() async throws {
        try await EmbeddingsStack.run(customize: { $0.maxBodyBytes = 4096 }) { harness, _ in
            let first = try await harness.post(
                "/v1/embeddings", json: ["model": "mock-embedding-1", "input": "x"], key: EmbeddingsStack.rpmKey)
            #expect(first.status == 200)
            #expect(first.headers.first(name: "x-ratelimit-limit-requests") == "1")
            let second = try await harness.post(
                "/v1/moderations", json: ["model": "mock-moderation-1", "input": "x"], key: EmbeddingsStack.rpmKey)
            #expect(second.status == 429 && second.json?["error"]?["code"] == "rate_limit_exceeded")
            #expect(second.headers.first(name: "retry-after") != nil)

            // The first request is admitted while budget is left; its cost then passes the budget.
            let rerank: JSONValue = ["model": "mock-rerank-1", "query": "a query of several words", "documents": ["one document", "another"]]
            #expect(try await harness.post("/v1/rerank", json: rerank, key: EmbeddingsStack.budgetKey).status == 200)
            let spent = try await harness.post("/v1/rerank", json: rerank, key: EmbeddingsStack.budgetKey)
            #expect(spent.status == 429 && spent.json?["error"]?["code"] == "insufficient_quota")

            let large = JSONValue.string(String(repeating: "a", count: 5000))
            let tooLarge = try await harness.post("/v1/embeddings", json: ["model": "mock-embedding-1", "input": large])
            #expect(tooLarge.status == 413 && tooLarge.json?["error"]?["code"] == "request_too_large")
        }
    }
}
