extension PriceTable {
    // Google Gemini API (paid tier), USD per 1M tokens; thinking tokens are billed as output.
    // Source: https://ai.google.dev/gemini-api/docs/pricing, checked 2026-11.
    // gemini-2.5-pro and gemini-3-pro-preview: the <= 200k-token prompt tier (longer prompts cost
    // 2.50/0.25/15 and 4/0.40/18). Flash prices are for text, image and video input (audio input
    // costs more). Cached input is the context-caching read price; cache storage per hour is not counted.
    static let googlePrices: [String: ModelPrice] = [
        "gemini-2.5-pro": ModelPrice(input: 1.25, cachedInput: 0.125, output: 10),
        "gemini-2.5-flash": ModelPrice(input: 0.30, cachedInput: 0.03, output: 2.50),
        "gemini-2.5-flash-lite": ModelPrice(input: 0.10, cachedInput: 0.01, output: 0.40),
        "gemini-3-pro-preview": ModelPrice(input: 2, cachedInput: 0.20, output: 12),
    ]
}
