extension OpenAPIDocument {
    /// The paths and schemas of the tasks endpoints (merged into the document like the others).
    static let tasksPaths = """
        {}
        """
}
