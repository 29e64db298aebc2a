import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

@Suite("Mock embeddings, moderations and rerank")
struct EmbeddingsMockTests {
    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }

    @Test func vectorsAreDeterministicUnitLengthAndTellTextsApart() {
        let first = MockEmbeddings.vector(for: "the quick brown fox", dimensions: 1536)
        #expect(first == MockEmbeddings.vector(for: "the quick brown fox", dimensions: 1536))
        #expect(first.count == 1536)
        #expect(abs(Self.cosine(first, first) - 1) < 1e-4)
        let other = MockEmbeddings.vector(for: "a slow green turtle", dimensions: 1536)
        #expect(first != other)
        #expect(first != MockEmbeddings.vector(for: "The quick brown fox!", dimensions: 1536))
        let related = MockEmbeddings.vector(for: "the quick brown dog", dimensions: 1536)
        #expect(Self.cosine(first, related) > Self.cosine(first, other))
        #expect(MockEmbeddings.vector(for: "x", dimensions: 3).count == 3)
    }

    @Test func answersHonourDimensionsFormatAndCountTokens() throws {
        let request = try EmbeddingsRequest(body: Array(#"{"model":"mock-embedding-1","input":["hello world","bye"],"dimensions":8}"#.utf8))
        let (body, usage) = try MockEmbeddings.answer(request)
        let data = try #require(body["data"]?.arrayValue)
        #expect(data.count == 2)
        #expect(data.map { $0["embedding"]?.arrayValue?.count } == [8, 8])
        #expect(data.map { $0["index"] } == [.int(0), .int(1)])
        #expect(body["model"] == "mock-embedding-1" && body["object"] == "list")
        #expect(usage.promptTokens == TokenEstimator.estimate("hello world") + TokenEstimator.estimate("bye"))
        #expect(body["usage"]?["total_tokens"] == .int(usage.promptTokens))
        let base64 = try EmbeddingsRequest(body: Array(#"{"model":"m","input":[1,2,3],"encoding_format":"base64","dimensions":4}"#.utf8))
        #expect(try MockEmbeddings.answer(base64).body["data"]?.arrayValue?.first?["embedding"]?.stringValue?.count == 24)
        #expect(try MockEmbeddings.answer(base64).usage.promptTokens == 3)
    }

    @Test func tooManyValuesForTheMockAreA400() throws {
        let request = try EmbeddingsRequest(body: Array(
            (#"{"model":"m","dimensions":16384,"input":["# + Array(repeating: #""a""#, count: 300).joined(separator: ",") + "]}").utf8))
        let error = #expect(throws: GatewayError.self) { try MockEmbeddings.answer(request) }
        #expect(error?.status == 400 && error?.param == "dimensions")
    }

    @Test func moderationFlagsTheCategoriesWhoseWordsAppear() throws {
        let request = try ModerationsRequest(body: Array(#"{"model":"mock-moderation-1","input":["I will KILL the bomb maker","a sunny day"]}"#.utf8))
        let results = try #require(MockModeration.answer(request).body["results"]?.arrayValue)
        #expect(results.count == 2)
        #expect(results[0]["flagged"] == .bool(true))
        #expect(results[0]["categories"]?["violence"] == .bool(true))
        #expect(results[0]["categories"]?["illicit/violent"] == .bool(true))
        #expect(results[0]["categories"]?["hate"] == .bool(false))
        #expect(results[0]["category_scores"]?["violence"]?.doubleValue == 0.9)
        #expect(results[1]["flagged"] == .bool(false))
        #expect(results[1]["categories"]?.objectValue?.count == 13)
        #expect(results[1]["category_scores"]?.objectValue?.allSatisfy { ($0.value.doubleValue ?? 1) < 0.01 } == true)
        #expect(results[1]["category_applied_input_types"]?["hate"] == .array(["text"]))
        let again = try #require(MockModeration.answer(request).body["results"]?.arrayValue)
        #expect(again == results)
        let image = try ModerationsRequest(body: Array(#"{"input":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}]}"#.utf8))
        let applied = MockModeration.answer(image).body["results"]?.arrayValue?.first?["category_applied_input_types"]
        #expect(applied?["violence"] == .array(["image"]) && applied?["hate"] == .array([]))
    }

    @Test func rerankScoresByWordOverlapAndSorts() throws {
        let request = try RerankRequest(body: Array(
            #"{"model":"mock-rerank-1","query":"capital of France","documents":["Berlin is in Germany","Paris is the capital of France",{"text":"The capital city"}],"top_n":2}"#.utf8))
        let (body, usage) = MockRerank.answer(request)
        let results = try #require(body["results"]?.arrayValue)
        #expect(results.map { $0["index"] } == [.int(1), .int(2)])
        #expect(results[0]["relevance_score"]?.doubleValue == 1)
        #expect(results[1]["relevance_score"]?.doubleValue ?? 0 > 0.3)
        #expect(results[0]["document"]?["text"] == "Paris is the capital of France")
        #expect(usage.promptTokens > 0 && body["usage"]?["total_tokens"] == .int(usage.promptTokens))
        let bare = try RerankRequest(body: Array(#"{"model":"r","query":"q","documents":["q"],"return_documents":false}"#.utf8))
        #expect(MockRerank.answer(bare).body["results"]?.arrayValue?.first?["document"] == nil)
    }
}
