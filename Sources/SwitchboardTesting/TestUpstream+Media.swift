import Hummingbird

extension TestUpstream {
    /// Routes of the media endpoints, in the wire formats of the providers that serve them.
    func addMediaRoutes(to router: Router<TestUpstreamRequestContext>) {}
}
