extension OpenAPIDocument {
    /// The paths and schemas of the embeddings endpoints (merged into the document like the others).
    static let embeddingsPaths = """
        {}
        """
}
