extension OpenAPIDocument {
    /// The paths and schemas of the media endpoints (merged into the document like the others).
    static let mediaPaths = """
        {}
        """
}
