import Hummingbird

extension TestUpstream {
    /// Routes of the tasks endpoints, in the wire formats of the providers that serve them.
    func addTasksRoutes(to router: Router<TestUpstreamRequestContext>) {}
}
