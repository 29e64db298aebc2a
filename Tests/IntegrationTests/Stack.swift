import Logging
import SwitchboardCore
import SwitchboardProviders
import SwitchboardServer
import SwitchboardTesting

/// A test upstream and a gateway in front of it, both on loopback, for one test.
enum Stack {
    static let mockOnlyKey = "sk-test-mock-only-0123456789"

    static func channels(upstream: TestUpstream) -> [ChannelConfiguration] {
        [
            ChannelConfiguration(name: "mock", provider: .mock, models: ["mock-1"]),
            ChannelConfiguration(
                name: "upstream", provider: .openaiCompatible, baseURL: upstream.baseURL, apiKey: "sk-upstream-secret",
                models: ["gpt-4o-mini"],
                modelMap: [
                    "my-alias": "gpt-4o-mini",
                    "tools-parallel": "fixture:chat-nonstream-tool-calls-parallel",
                    "tools-stream": "fixture:chat-stream-parallel-tool-calls-include-usage",
                    "cached": "fixture:chat-nonstream-cached-tokens",
                    "reasoning": "fixture:chat-nonstream-reasoning-usage-o3-mini",
                    "rejects-max-tokens": "fixture:chat-error-400-unsupported-parameter",
                    "limited": "fault:status-429", "broken": "fault:status-500", "overloaded": "fault:status-503",
                    "slow": "fault:slow-stream", "stalled": "fault:stall-3", "garbled": "fault:bad-json",
                    "dropping": "fault:drop-mid-stream", "failing-stream": "fault:stream-error",
                ],
                timeouts: ChannelTimeouts(connect: 2, firstByte: 1, idle: 5, total: 30),
                headers: ["x-org": "acme"]),
            ChannelConfiguration(
                name: "dead", provider: .openaiCompatible, baseURL: "http://127.0.0.1:1/v1", models: ["unreachable"],
                timeouts: ChannelTimeouts(connect: 1, firstByte: 2, idle: 2, total: 5)),
        ]
    }

    static func run<Value: Sendable>(
        customize: @Sendable (inout GatewayConfiguration) -> Void = { _ in },
        _ body: @Sendable (GatewayHarness, TestUpstream) async throws -> Value
    ) async throws -> Value {
        try await run(channels: channels(upstream:), customize: { configuration in
            configuration.keys.append(StaticClientKey(name: "mock-only", key: mockOnlyKey, models: ["mock-*"]))
            customize(&configuration)
        }, body)
    }

    /// A gateway with `channels` to a running test upstream, its configuration changed by
    /// `customize`; the upstream is stopped however `body` ends. Every suite's stack starts here.
    static func run<Value: Sendable>(
        channels: (TestUpstream) -> [ChannelConfiguration],
        customize: (inout GatewayConfiguration) -> Void,
        logger: Logger? = nil,
        _ body: @Sendable (GatewayHarness, TestUpstream) async throws -> Value
    ) async throws -> Value {
        let upstream = TestUpstream()
        try await upstream.start()
        var configuration = GatewayHarness.configuration(channels: channels(upstream))
        customize(&configuration)
        do {
            let value = try await GatewayHarness.run(configuration, logger: logger) { harness in try await body(harness, upstream) }
            await upstream.stop()
            return value
        } catch {
            await upstream.stop()
            throw error
        }
    }

    static func chat(_ model: String, stream: Bool = false, includeUsage: Bool = false, extra: JSONObject = [:]) -> JSONValue {
        var object: JSONObject = ["model": .string(model), "messages": .array([.object(["role": "user", "content": "Hello there"])])]
        if stream { object["stream"] = .bool(true) }
        if includeUsage { object["stream_options"] = .object(["include_usage": .bool(true)]) }
        for member in extra { object[member.key] = member.value }
        return .object(object)
    }
}
