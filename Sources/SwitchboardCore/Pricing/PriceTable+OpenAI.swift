extension PriceTable {
    // OpenAI, USD per 1M tokens (standard tier, not batch or flex).
    // Source: https://platform.openai.com/docs/pricing (developers.openai.com/api/docs/pricing), checked 2026-11.
    // Reasoning tokens are billed as output. gpt-image-1 bills image input at $10 and text input at
    // $5; usage does not tell them apart, so input is priced at the text rate (output is image tokens).
    static let openAIPrices: [String: ModelPrice] = [
        "gpt-5": ModelPrice(input: 1.25, cachedInput: 0.125, output: 10),
        "gpt-5-mini": ModelPrice(input: 0.25, cachedInput: 0.025, output: 2),
        "gpt-5-nano": ModelPrice(input: 0.05, cachedInput: 0.005, output: 0.40),
        "gpt-5-pro": ModelPrice(input: 15, output: 120),
        "gpt-5-codex": ModelPrice(input: 1.25, cachedInput: 0.125, output: 10),
        "gpt-5.1": ModelPrice(input: 1.25, cachedInput: 0.125, output: 10),
        "gpt-4.1": ModelPrice(input: 2, cachedInput: 0.50, output: 8),
        "gpt-4.1-mini": ModelPrice(input: 0.40, cachedInput: 0.10, output: 1.60),
        "gpt-4.1-nano": ModelPrice(input: 0.10, cachedInput: 0.025, output: 0.40),
        "gpt-4o": ModelPrice(input: 2.50, cachedInput: 1.25, output: 10),
        "gpt-4o-mini": ModelPrice(input: 0.15, cachedInput: 0.075, output: 0.60),
        "o3": ModelPrice(input: 2, cachedInput: 0.50, output: 8),
        "o3-mini": ModelPrice(input: 1.10, cachedInput: 0.55, output: 4.40),
        "o3-pro": ModelPrice(input: 20, output: 80),
        "o4-mini": ModelPrice(input: 1.10, cachedInput: 0.275, output: 4.40),
        "text-embedding-3-small": ModelPrice(input: 0.02, output: 0),
        "text-embedding-3-large": ModelPrice(input: 0.13, output: 0),
        "text-embedding-ada-002": ModelPrice(input: 0.10, output: 0),
        // $0.006 a minute.
        "whisper-1": ModelPrice(input: 0, output: 0, perAudioSecond: 0.0001),
        "tts-1": ModelPrice(input: 0, output: 0, perMillionCharacters: 15),
        "tts-1-hd": ModelPrice(input: 0, output: 0, perMillionCharacters: 30),
        "gpt-image-1": ModelPrice(input: 5, cachedInput: 1.25, output: 40),
    ]
}
