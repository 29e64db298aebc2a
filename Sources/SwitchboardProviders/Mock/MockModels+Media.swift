extension MockModels {
    /// Images and audio served by the mock: images (generations and edits), speech to text
    /// (transcriptions and translations) and text to speech.
    public static let media: [String] = ["mock-image-1", "mock-whisper-1", "mock-tts-1"]
}
