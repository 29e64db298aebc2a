extension PriceTable {
    // DeepSeek, USD per 1M tokens (cache miss as input, cache hit as cached input); chain-of-thought
    // tokens are billed as output.
    // Source: https://api-docs.deepseek.com/quick_start/pricing, checked 2026-11.
    // deepseek-flash and deepseek-v4-pro are billed peak/off-peak, off-peak at half: the peak (list)
    // rates are used, so costs are an upper bound. deepseek-v4-flash is a legacy name served by
    // deepseek-flash at its price. deepseek-chat and deepseek-reasoner keep their last list price
    // (DeepSeek-V3.2); DeepSeek retired those names on 2026-07-24, override them for a channel that
    // still serves them at another price.
    static let deepSeekPrices: [String: ModelPrice] = [
        "deepseek-chat": ModelPrice(input: 0.28, cachedInput: 0.028, output: 0.42),
        "deepseek-reasoner": ModelPrice(input: 0.28, cachedInput: 0.028, output: 0.42),
        "deepseek-flash": ModelPrice(input: 0.30, cachedInput: 0.006, output: 1.20),
        "deepseek-v4-flash": ModelPrice(input: 0.30, cachedInput: 0.006, output: 1.20),
        "deepseek-v4-pro": ModelPrice(input: 1.32, cachedInput: 0.044, output: 3.96),
    ]
}
