extension PriceTable {
    // Anthropic, USD per 1M tokens: cache writes are 1.25x input for 5 minutes and 2x for 1 hour,
    // cache reads 0.1x input. Extended thinking is billed as output.
    // Source: https://platform.claude.com/docs/en/about-claude/pricing, checked 2026-11.
    // Sonnet 4 and 4.5 with the 1M-token context charge more for prompts above 200k tokens; the
    // standard (<= 200k) rates are used. Opus 4, 4.6-4.8 are listed so their dated names do not fall
    // back on a neighbour's price by prefix.
    static let anthropicPrices: [String: ModelPrice] = [
        "claude-opus-4-8": ModelPrice(input: 5, cachedInput: 0.50, cacheWrite: 6.25, cacheWrite1h: 10, output: 25),
        "claude-opus-4-7": ModelPrice(input: 5, cachedInput: 0.50, cacheWrite: 6.25, cacheWrite1h: 10, output: 25),
        "claude-opus-4-6": ModelPrice(input: 5, cachedInput: 0.50, cacheWrite: 6.25, cacheWrite1h: 10, output: 25),
        "claude-opus-4-5": ModelPrice(input: 5, cachedInput: 0.50, cacheWrite: 6.25, cacheWrite1h: 10, output: 25),
        "claude-opus-4-1": ModelPrice(input: 15, cachedInput: 1.50, cacheWrite: 18.75, cacheWrite1h: 30, output: 75),
        "claude-opus-4": ModelPrice(input: 15, cachedInput: 1.50, cacheWrite: 18.75, cacheWrite1h: 30, output: 75),
        "claude-sonnet-4-5": ModelPrice(input: 3, cachedInput: 0.30, cacheWrite: 3.75, cacheWrite1h: 6, output: 15),
        "claude-sonnet-4": ModelPrice(input: 3, cachedInput: 0.30, cacheWrite: 3.75, cacheWrite1h: 6, output: 15),
        "claude-haiku-4-5": ModelPrice(input: 1, cachedInput: 0.10, cacheWrite: 1.25, cacheWrite1h: 2, output: 5),
        "claude-3-5-haiku": ModelPrice(input: 0.80, cachedInput: 0.08, cacheWrite: 1, cacheWrite1h: 1.60, output: 4),
    ]
}
