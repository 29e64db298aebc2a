extension MockModels {
    /// Images and audio served by the mock.
    public static let media: [String] = []
}
