extension PriceTable {
    /// Embedding, moderation and rerank models: current public list prices.
    static let embeddingPrices: [String: ModelPrice] = [:]
}
