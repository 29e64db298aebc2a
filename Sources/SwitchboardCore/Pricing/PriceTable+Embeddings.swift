extension PriceTable {
    /// Embedding, moderation and rerank models: current public list prices, USD per 1M input tokens
    /// (these models produce no output tokens). Sources: https://platform.openai.com/docs/pricing
    /// (moderation models are free) and https://ai.google.dev/gemini-api/docs/pricing, checked 2026-11.
    /// The mock's models are priced so tests see nonzero costs.
    static let embeddingPrices: [String: ModelPrice] = [
        "text-embedding-3-small": ModelPrice(input: 0.02, output: 0),
        "text-embedding-3-large": ModelPrice(input: 0.13, output: 0),
        "text-embedding-ada-002": ModelPrice(input: 0.10, output: 0),
        "gemini-embedding-001": ModelPrice(input: 0.15, output: 0),
        "omni-moderation-latest": ModelPrice(input: 0, output: 0),
        "omni-moderation-2024-09-26": ModelPrice(input: 0, output: 0),
        "text-moderation-latest": ModelPrice(input: 0, output: 0),
        "text-moderation-stable": ModelPrice(input: 0, output: 0),
        "mock-embedding-1": ModelPrice(input: 0.5, output: 0),
        "mock-moderation-1": ModelPrice(input: 0.25, output: 0),
        "mock-rerank-1": ModelPrice(input: 1, output: 0),
    ]
}
