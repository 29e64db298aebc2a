extension MockModels {
    /// Asynchronous video and music tasks served by the mock.
    public static let tasks: [String] = []
}
