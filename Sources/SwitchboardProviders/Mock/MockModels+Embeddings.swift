extension MockModels {
    /// Embeddings, moderations and rerank served by the mock.
    public static let embeddings: [String] = []
}
