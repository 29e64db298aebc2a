public import SwitchboardCore

/// OpenAI embeddings requests translated to Gemini's `batchEmbedContents` and its answers read
/// back: `{"requests":[{"model":"models/NAME","content":{"parts":[{"text":...}]},
/// "outputDimensionality":N}]}` up, `{"embeddings":[{"values":[...]}]}` down.
public enum GeminiEmbeddings {
    /// The path under a Gemini channel's base URL (which ends with the API version).
    public static func path(model: String) -> String {
        "/models/\(bareName(model)):batchEmbedContents"
    }

    /// Requests in one `batchEmbedContents` call at most (Gemini's limit).
    public static let batchLimit = 100

    /// One `batchEmbedContents` call: its body and how many vectors it asks for.
    public struct Batch: Sendable {
        public let body: [UInt8]
        public let count: Int
    }

    /// The Gemini calls for `request`'s texts, 100 texts a call; token-id input has no Gemini
    /// equivalent (400 naming `input`).
    public static func batches(for request: EmbeddingsRequest, upstreamModel: String) throws(GatewayError) -> [Batch] {
        guard case .texts(let texts) = request.input else {
            throw GatewayError.invalidRequest(
                "The model '\(request.model)' is served by Gemini, which embeds text only: 'input' must be a string or an array of strings, not token ids.",
                param: "input")
        }
        let name = JSONValue.string("models/\(bareName(upstreamModel))")
        return stride(from: 0, to: texts.count, by: batchLimit).map { start in
            let slice = texts[start..<min(start + batchLimit, texts.count)]
            let requests = slice.map { text in
                var item: JSONObject = ["model": name, "content": .object(["parts": .array([.object(["text": .string(text)])])])]
                if let dimensions = request.dimensions { item["outputDimensionality"] = .int(dimensions) }
                return JSONValue.object(item)
            }
            return Batch(body: JSON.serialize(.object(["requests": .array(requests)])), count: slice.count)
        }
    }

    /// The vectors of a `batchEmbedContents` answer (one per request, in order), or of an
    /// `embedContent` answer (one).
    public static func vectors(from body: [UInt8], expected count: Int) throws(GatewayError) -> [[Float]] {
        guard let parsed = try? JSON.parse(body), parsed.objectValue != nil else {
            throw GatewayError(.upstreamUnavailable, "The upstream answered with a body that is not a JSON object.")
        }
        let items = parsed["embeddings"]?.arrayValue ?? parsed["embedding"].map { [$0] } ?? []
        var vectors: [[Float]] = []
        for item in items {
            guard let values = item["values"]?.arrayValue else { continue }
            vectors.append(values.compactMap { $0.doubleValue.map(Float.init) })
        }
        guard vectors.count == count else {
            throw GatewayError(
                .upstreamUnavailable, "The upstream returned \(vectors.count) embeddings for \(count) inputs.")
        }
        return vectors
    }

    /// A model name without Gemini's `models/` prefix.
    static func bareName(_ model: String) -> String {
        model.hasPrefix("models/") ? String(model.dropFirst("models/".count)) : model
    }
}
