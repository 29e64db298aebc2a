extension PriceTable {
    // Qwen on Alibaba Cloud Model Studio, international (Singapore) deployment, USD per 1M tokens.
    // Source: https://www.alibabacloud.com/help/en/model-studio/model-pricing, checked 2026-11.
    // Prices are tiered by prompt length; the lowest tier is used (qwen-plus up to 256k,
    // qwen3-coder-plus up to 32k tokens). Cached input is the implicit-cache hit price (20% of
    // input), cache write the explicit-cache creation price. qwen-plus and qwen-turbo bill all
    // output of a thinking-mode request at the `reasoning` price; here only reasoning tokens get it.
    static let qwenPrices: [String: ModelPrice] = [
        "qwen-max": ModelPrice(input: 1.60, cachedInput: 0.32, output: 6.40),
        "qwen-plus": ModelPrice(input: 0.40, cachedInput: 0.08, cacheWrite: 0.50, output: 1.20, reasoning: 4),
        "qwen-turbo": ModelPrice(input: 0.05, cachedInput: 0.01, output: 0.20, reasoning: 0.50),
        "qwen3-coder-plus": ModelPrice(input: 1, cachedInput: 0.20, cacheWrite: 1.25, output: 5),
    ]
}
