public import SwitchboardCore

/// OpenAI embeddings requests translated to Gemini's `batchEmbedContents` and its answers read
/// back: `{"requests":[{"model":"models/NAME","content":{"parts":[{"text":...}]},
/// "outputDimensionality":N}]}` up, `{"embeddings":[{"values":[...]}]}` down.
public enum GeminiEmbeddings {
    /// The path under a Gemini channel's base URL (which ends with the API version).
    public static func path(model: String) -> String {
        "/models/\(bareName(model)):batchEmbedContents"
    }

    /// The Gemini request for `request`'s texts; token-id input has no Gemini equivalent (400).
    public static func requestBody(for request: EmbeddingsRequest, upstreamModel: String) throws(GatewayError) -> [UInt8] {
        guard case .texts(let texts) = request.input else {
            throw GatewayError.invalidRequest(
                "The model '\(request.model)' is served by Gemini, which embeds text only: 'input' must be a string or an array of strings, not token ids.",
                param: "input")
        }
        let name = JSONValue.string("models/\(bareName(upstreamModel))")
        let requests = texts.map { text in
            var item: JSONObject = ["model": name, "content": .object(["parts": .array([.object(["text": .string(text)])])])]
            if let dimensions = request.dimensions { item["outputDimensionality"] = .int(dimensions) }
            return JSONValue.object(item)
        }
        return JSON.serialize(.object(["requests": .array(requests)]))
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
