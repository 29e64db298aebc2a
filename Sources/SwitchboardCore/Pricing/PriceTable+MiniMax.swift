extension PriceTable {
    // MiniMax, USD per 1M tokens (pay as you go, standard tier).
    // Source: https://platform.minimax.io/docs/guides/pricing-paygo, checked 2026-11.
    static let miniMaxPrices: [String: ModelPrice] = [
        "MiniMax-M2": ModelPrice(input: 0.30, cachedInput: 0.03, cacheWrite: 0.375, output: 1.20)
    ]
}
