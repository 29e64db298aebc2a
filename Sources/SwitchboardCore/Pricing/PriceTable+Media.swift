extension PriceTable {
    /// Image, transcription and speech models: current public list prices, checked 2026-11.
    /// whisper-1, tts-1, tts-1-hd and gpt-image-1 (priced by its image tokens, which its answers
    /// report) are listed with OpenAI's models; a name listed there wins over this table.
    ///
    /// Sources: https://platform.openai.com/docs/pricing (DALL·E 3 standard 1024x1024 $0.040,
    /// DALL·E 2 1024x1024 $0.020, gpt-image-1-mini by tokens: text $2, output $8 per 1M) and
    /// https://ai.google.dev/gemini-api/docs/pricing (gemini-2.5-flash-image: $0.30 per 1M input
    /// tokens, $0.039 per 1024x1024 image, which is its 1290 output tokens at $30 per 1M).
    static let mediaPrices: [String: ModelPrice] = [
        "dall-e-3": ModelPrice(input: 0, output: 0, perImage: 0.04),
        "dall-e-2": ModelPrice(input: 0, output: 0, perImage: 0.02),
        "gpt-image-1-mini": ModelPrice(input: 2, cachedInput: 0.2, output: 8),
        "gemini-2.5-flash-image": ModelPrice(input: 0.30, output: 0, perImage: 0.039),
        "gemini-2.5-flash-image-preview": ModelPrice(input: 0.30, output: 0, perImage: 0.039),
        // The mock's media models, priced so tests see nonzero costs.
        "mock-image-1": ModelPrice(input: 0, output: 0, perImage: 0.01),
        "mock-whisper-1": ModelPrice(input: 0, output: 0, perAudioSecond: 0.001),
        "mock-tts-1": ModelPrice(input: 0, output: 0, perMillionCharacters: 10),
    ]
}
