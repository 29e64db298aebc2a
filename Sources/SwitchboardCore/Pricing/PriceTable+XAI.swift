extension PriceTable {
    // xAI, USD per 1M tokens; reasoning tokens are billed as output.
    // Source: https://docs.x.ai/docs/models, checked 2026-11. grok-4-fast and grok-4-1-fast: the
    // rates for requests under 128k tokens.
    static let xAIPrices: [String: ModelPrice] = [
        "grok-4": ModelPrice(input: 3, cachedInput: 0.75, output: 15),
        "grok-4-fast": ModelPrice(input: 0.20, cachedInput: 0.05, output: 0.50),
        "grok-4-1-fast": ModelPrice(input: 0.20, cachedInput: 0.05, output: 0.50),
        "grok-code-fast-1": ModelPrice(input: 0.20, cachedInput: 0.02, output: 1.50),
    ]
}
