import SwitchboardCore
import SwitchboardProviders
import SwitchboardServer
import SwitchboardTesting

extension Stack {
    /// The usual stack plus channels `first` (priority 0) and `second` (priority 1) on the test
    /// upstream, each mapping client model names to the upstream's scenarios; `shapeFirst` adjusts
    /// the first channel (probes, capabilities), `customize` the rest of the configuration.
    static func runTwoChannels(
        first: [String: String], second: [String: String], retries: RetryPolicy = RetryPolicy(attempts: 1),
        shapeFirst: @Sendable (inout ChannelConfiguration) -> Void = { _ in },
        customize: @Sendable (inout GatewayConfiguration) -> Void = { _ in },
        _ body: @Sendable (GatewayHarness, TestUpstream) async throws -> Void
    ) async throws {
        try await run(customize: { configuration in
            let upstream = configuration.channels.first { $0.name == "upstream" }!.baseURL
            let timeouts = ChannelTimeouts(connect: 2, firstByte: 2, idle: 2, total: 10)
            var firstChannel = ChannelConfiguration(
                name: "first", provider: .openaiCompatible, baseURL: upstream, modelMap: first, priority: 0, timeouts: timeouts)
            shapeFirst(&firstChannel)
            configuration.channels.append(firstChannel)
            configuration.channels.append(ChannelConfiguration(
                name: "second", provider: .openaiCompatible, baseURL: upstream, modelMap: second, priority: 1, timeouts: timeouts))
            configuration.retries = retries
            customize(&configuration)
        }, body)
    }

    /// Requests the test upstream received for one upstream model name (whatever became of them).
    static func requests(to upstream: TestUpstream, model: String) -> Int {
        upstream.requests.filter { request in request.json?["model"]?.stringValue == model }.count
    }
}
