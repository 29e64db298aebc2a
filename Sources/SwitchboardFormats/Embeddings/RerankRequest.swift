public import SwitchboardCore

/// A `POST /v1/rerank` body in the Cohere/Jina shape that Jina, vLLM and SiliconFlow serve:
/// `model`, `query`, `documents` (strings or `{"text": ...}` objects), `top_n`, `return_documents`.
public struct RerankRequest: Sendable {
    public let body: JSONRequestBody
    public let model: String
    public let query: String
    /// The documents' texts, in the order sent.
    public let documents: [String]
    public let topN: Int?
    /// Whether each result carries its document (`{"text": ...}`); true unless the client says false.
    public let returnDocuments: Bool

    /// At most this many documents in one request.
    public static let maximumDocuments = 10_000

    public init(body bytes: [UInt8]) throws(GatewayError) {
        let body = try JSONRequestBody(bytes)
        model = try body.model()
        query = try body.require("query", .string, description: "a string").stringValue ?? ""
        guard !query.isEmpty else { throw GatewayError.invalidRequest("'query' must not be empty.", param: "query") }
        documents = try Self.documents(body.require("documents", .array, description: "an array").arrayValue ?? [])
        topN = try body.integer("top_n", minimum: 1, maximum: Int(Int32.max))
        returnDocuments = try body.bool("return_documents") ?? true
        self.body = body
    }

    /// Input tokens, estimated: the query is read once with each document.
    public var estimatedTokens: Int {
        let query = TokenEstimator.estimate(query)
        return documents.reduce(0) { $0 + query + TokenEstimator.estimate($1) }
    }

    private static func documents(_ values: [JSONValue]) throws(GatewayError) -> [String] {
        guard !values.isEmpty else {
            throw GatewayError.invalidRequest("'documents' must not be an empty array.", param: "documents")
        }
        guard values.count <= maximumDocuments else {
            throw GatewayError.invalidRequest(
                "'documents' holds \(values.count) items; at most \(maximumDocuments) are allowed.", param: "documents")
        }
        var documents: [String] = []
        documents.reserveCapacity(values.count)
        for (offset, value) in values.enumerated() {
            guard let text = value.stringValue ?? value["text"]?.stringValue else {
                throw GatewayError.invalidRequest(
                    "'documents[\(offset)]' must be a string or an object with a string 'text'.", param: "documents")
            }
            documents.append(text)
        }
        return documents
    }
}
