extension MockModels {
    /// Asynchronous video and music tasks served by the mock (``MockTaskProvider``).
    public static let tasks: [String] = ["mock-video-1", "mock-music-1"]
}
