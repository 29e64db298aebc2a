import Hummingbird

extension TestUpstream {
    /// Routes of the embeddings endpoints, in the wire formats of the providers that serve them.
    func addEmbeddingsRoutes(to router: Router<TestUpstreamRequestContext>) {}
}
