public import SwitchboardCore
public import SwitchboardFormats

/// The mock's rerank, in the Jina/Cohere shape: a document's `relevance_score` is the share of the
/// query's distinct words (lowercased letters and digits) that it contains, from 0 to 1; results
/// are sorted by score, highest first (ties keep the documents' order), cut to `top_n`.
public enum MockRerank {
    public static func answer(_ request: RerankRequest) -> (body: JSONValue, usage: Usage) {
        let query = Set(MockText.words(of: request.query))
        let scored = request.documents.enumerated().map { index, document in
            let words = Set(MockText.words(of: document))
            let score = query.isEmpty ? 0 : Double(query.intersection(words).count) / Double(query.count)
            return (index: index, score: score)
        }
        let ranked = scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
            .prefix(request.topN ?? request.documents.count)
        let results = ranked.map { entry in
            var result: JSONObject = ["index": .int(entry.index), "relevance_score": .double(entry.score)]
            if request.returnDocuments { result["document"] = .object(["text": .string(request.documents[entry.index])]) }
            return JSONValue.object(result)
        }
        let tokens = request.estimatedTokens
        let body = JSONValue.object([
            "id": .string(RandomIdentifier.make("rerank-mock-")),
            "model": .string(request.model),
            "results": .array(results),
            "usage": .object(["total_tokens": .int(tokens)]),
        ])
        return (body, Usage(promptTokens: tokens))
    }
}
