extension PriceTable {
    /// Video and music task models: current public list prices. A task is charged per second of
    /// the media it produced, at `perAudioSecond` (seconds of video for video models, of audio for
    /// music models); tokens cost nothing.
    static let taskPrices: [String: ModelPrice] = [
        // OpenAI video (Sora), 720p.
        "sora-2": ModelPrice(input: 0, output: 0, perAudioSecond: 0.10),
        "sora-2-pro": ModelPrice(input: 0, output: 0, perAudioSecond: 0.30),
        // The built-in mock, priced so tests see nonzero costs.
        "mock-video-1": ModelPrice(input: 0, output: 0, perAudioSecond: 0.01),
        "mock-music-1": ModelPrice(input: 0, output: 0, perAudioSecond: 0.001),
    ]
}
