import Testing
import SwitchboardCore
import SwitchboardTesting

/// The test upstream's embeddings, moderations and rerank routes, called directly: they must
/// refuse what the real APIs refuse, so a gateway test that gets a 200 proves its request was valid.
extension TestUpstreamFormatsTests {
    static let openAIKey = [("authorization", "Bearer sk-test")]

    @Test func openAIEmbeddingRoutesCheckTheKeyAndTheBody() async throws {
        try await Self.withUpstream { upstream in
            let url = upstream.baseURL + "/embeddings"
            let anonymous = try await Self.post(url, json: ["model": "text-embedding-3-small", "input": "x"])
            #expect(anonymous.status == 401 && anonymous.json?["error"]?["type"] == "invalid_request_error")
            let cases: [JSONValue] = [
                ["model": "text-embedding-3-small"],
                ["model": "text-embedding-3-small", "input": ""],
                ["model": "text-embedding-ada-002", "input": "x", "dimensions": 8],
                ["model": "text-embedding-3-small", "input": "x", "dimensions": 1537],
                ["model": "text-embedding-3-small", "input": "x", "encoding_format": "int8"],
            ]
            for body in cases {
                let refused = try await Self.post(url, json: body, headers: Self.openAIKey)
                #expect(refused.status == 400, "\(body)")
                #expect(refused.json?["error"]?["message"]?.stringValue?.isEmpty == false)
            }
            let answer = try await Self.post(url, json: ["model": "text-embedding-3-small", "input": ["a", "b"]], headers: Self.openAIKey)
            #expect(answer.status == 200 && answer.json?["object"] == "list")
            #expect(answer.json?["data"]?.arrayValue?.map { $0["embedding"]?.arrayValue?.count } == [1536, 1536])
            #expect(answer.json?["usage"]?["prompt_tokens"] == .int(2))
        }
    }

    @Test func moderationAndRerankRoutesAnswerInTheRealShapes() async throws {
        try await Self.withUpstream { upstream in
            let moderation = try await Self.post(
                upstream.baseURL + "/moderations", json: ["model": "omni-moderation-latest", "input": "murder"], headers: Self.openAIKey)
            #expect(moderation.status == 200)
            #expect(moderation.json?["results"]?.arrayValue?.first?["categories"]?["violence"] == .bool(true))
            let rerank = try await Self.post(
                upstream.baseURL + "/rerank", json: ["model": "jina-reranker-v2", "query": "q", "documents": ["q", "x"]], headers: Self.openAIKey)
            #expect(rerank.json?["results"]?.arrayValue?.map { $0["index"] } == [.int(0), .int(1)])
            #expect(rerank.json?["usage"]?["total_tokens"]?.intValue ?? 0 > 0)
            let missing = try await Self.post(upstream.baseURL + "/rerank", json: ["model": "r", "query": "q"], headers: Self.openAIKey)
            #expect(missing.status == 400)
        }
    }

    @Test func embeddingFaultsPlayAsForChat() async throws {
        try await Self.withUpstream { upstream in
            let url = upstream.baseURL + "/embeddings"
            let limited = try await Self.post(url, json: ["model": "fault:status-429", "input": "x"], headers: Self.openAIKey)
            #expect(limited.status == 429 && limited.headers.first(name: "retry-after") == "7")
            let body: JSONValue = ["model": "fault:flaky-1-503-embeddings", "input": "x"]
            #expect(try await Self.post(url, json: body, headers: Self.openAIKey).status == 503)
            let recovered = try await Self.post(url, json: body, headers: Self.openAIKey)
            #expect(recovered.status == 200 && recovered.json?["data"]?.arrayValue?.count == 1)
            #expect(upstream.requestCount(model: "fault:flaky-1-503-embeddings") == 2)
            let unknown = try await Self.post(url, json: ["model": "fault:no-such-fault", "input": "x"], headers: Self.openAIKey)
            #expect(unknown.status == 400)
        }
    }

    @Test func geminiEmbedsOneContentOrABatchOfAtMost100() async throws {
        try await Self.withUpstream { upstream in
            let base = upstream.geminiBaseURL + "/models/gemini-embedding-001"
            let single = try await Self.post(
                base + ":embedContent", json: ["content": ["parts": [["text": "hi"]]], "outputDimensionality": 4], headers: Self.geminiKey)
            #expect(single.json?["embedding"]?["values"]?.arrayValue?.count == 4)
            func request(_ model: String) -> JSONValue {
                ["model": .string(model), "content": ["parts": [["text": "hi"]]]]
            }
            let batch = try await Self.post(base + ":batchEmbedContents", json: ["requests": [request("models/gemini-embedding-001")]], headers: Self.geminiKey)
            #expect(batch.json?["embeddings"]?.arrayValue?.first?["values"]?.arrayValue?.count == 3072)
            let mismatch = try await Self.post(base + ":batchEmbedContents", json: ["requests": [request("models/other")]], headers: Self.geminiKey)
            #expect(mismatch.status == 400 && mismatch.json?["error"]?["status"] == "INVALID_ARGUMENT")
            let tooMany = JSONValue.array(Array(repeating: request("models/gemini-embedding-001"), count: 101))
            #expect(try await Self.post(base + ":batchEmbedContents", json: ["requests": tooMany], headers: Self.geminiKey).status == 400)
            let anonymous = try await Self.post(base + ":batchEmbedContents", json: ["requests": [request("models/gemini-embedding-001")]])
            #expect(anonymous.status == 403)
            let failing = try await Self.post(
                upstream.geminiBaseURL + "/models/fault:status-503:batchEmbedContents", json: ["requests": []], headers: Self.geminiKey)
            #expect(failing.status == 503 && failing.json?["error"]?["status"] == "UNAVAILABLE")
        }
    }
}
