extension MockModels {
    /// Embeddings, moderations and rerank served by the mock (the mock channel answers any of its
    /// models on these endpoints; these names say which one a client means).
    public static let embeddings: [String] = ["mock-embedding-1", "mock-moderation-1", "mock-rerank-1"]
}
