extension Channel {
    /// How this channel runs asynchronous media tasks; nil when its provider kind runs none
    /// (Anthropic, Gemini and OpenAI-compatible chat servers).
    public var taskProvider: (any TaskProvider)? {
        let options = configuration.tasks
        switch (configuration.provider, backend) {
        case (.mock, _):
            return MockTaskProvider(seconds: options.mockSeconds)
        case (.openai, .wire(let upstream)):
            return OpenAIVideoTaskProvider(upstream: upstream, pollInterval: options.pollSeconds)
        case (.taskHTTP, .wire(let upstream)):
            return HTTPTaskProvider(upstream: upstream, options: options)
        default:
            return nil
        }
    }

    /// The upstream the gateway streams a task's content from (OpenAI's video content), if any.
    public var taskContentUpstream: WireUpstream? {
        guard configuration.provider == .openai, case .wire(let upstream) = backend else { return nil }
        return upstream
    }
}
