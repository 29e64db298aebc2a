import SwitchboardCore
import SwitchboardProviders
import SwitchboardServer
import SwitchboardStore
import SwitchboardTesting

/// A test upstream and a gateway whose channels cover every kind the embeddings, moderations and
/// rerank endpoints meet: the mock, OpenAI itself, an OpenAI-compatible server, Gemini and
/// Anthropic (which serves none of them), all on loopback.
enum EmbeddingsStack {
    static let mockOnlyKey = "sk-test-embeddings-mock-only-0123"
    /// A key allowed one request a minute.
    static let rpmKey = "sk-test-embeddings-rpm-0123456789"
    /// A key with a budget of a millionth of a dollar.
    static let budgetKey = "sk-test-embeddings-budget-01234567"

    static func channels(upstream: TestUpstream) -> [ChannelConfiguration] {
        let timeouts = ChannelTimeouts(connect: 2, firstByte: 5, idle: 5, total: 30)
        return [
            ChannelConfiguration(name: "mock", provider: .mock, models: MockModels.served),
            ChannelConfiguration(
                name: "openai", provider: .openai, baseURL: upstream.baseURL, apiKey: "sk-upstream-openai",
                models: ["text-embedding-3-small", "text-embedding-3-large", "omni-moderation-latest", "openai-rerank"],
                modelMap: [
                    "embed-alias": "text-embedding-3-small", "embed-broken": "fault:status-400",
                    "embed-flaky": "fault:flaky-1-500", "embed-garbled": "fault:bad-json",
                    "moderation-alias": "omni-moderation-latest",
                ],
                timeouts: timeouts),
            ChannelConfiguration(
                name: "first", provider: .openai, baseURL: upstream.baseURL, apiKey: "sk-upstream-first",
                modelMap: ["embed-failover": "fault:status-503-retry-none"], priority: 0, timeouts: timeouts),
            ChannelConfiguration(
                name: "second", provider: .openaiCompatible, baseURL: upstream.baseURL, apiKey: "sk-upstream-second",
                modelMap: ["embed-failover": "text-embedding-3-small"], priority: 1, timeouts: timeouts),
            ChannelConfiguration(
                name: "slow", provider: .openai, baseURL: upstream.baseURL, apiKey: "sk-upstream-slow",
                modelMap: ["embed-stalled": "fault:stall-3"],
                timeouts: ChannelTimeouts(connect: 2, firstByte: 1, idle: 1, total: 5)),
            ChannelConfiguration(
                name: "compatible", provider: .openaiCompatible, baseURL: upstream.baseURL, apiKey: "sk-upstream-compatible",
                models: ["jina-reranker-v2-base-multilingual", "bge-m3"],
                modelMap: ["rerank-alias": "jina-reranker-v2-base-multilingual", "rerank-broken": "fault:status-429-retry-none"],
                timeouts: timeouts),
            ChannelConfiguration(
                name: "gemini", provider: .gemini, baseURL: upstream.geminiBaseURL, apiKey: "gemini-upstream-key",
                models: ["gemini-embedding-001"], modelMap: ["gemini-broken": "fault:status-403"], timeouts: timeouts),
            ChannelConfiguration(
                name: "anthropic", provider: .anthropic, baseURL: upstream.baseURL, apiKey: "sk-ant-upstream",
                models: ["claude-sonnet-4-5"], timeouts: timeouts),
        ]
    }

    /// One extra channel on the test upstream, serving `model` as `upstreamModel`.
    struct ExtraChannel: Sendable {
        let name: String
        let provider: ProviderKind
        let apiKey: String
        let upstreamModel: String
    }

    /// The stack plus `extra` channels serving `model` in the given order (priority 0, 1, ...), and
    /// `attempts` tries per model.
    static func run(
        model: String, extra: [ExtraChannel], attempts: Int,
        _ body: @Sendable (GatewayHarness, TestUpstream) async throws -> Void
    ) async throws {
        try await run(customize: { configuration in
            let upstream = configuration.channels.first { $0.name == "openai" }!.baseURL
            for (priority, channel) in extra.enumerated() {
                configuration.channels.append(ChannelConfiguration(
                    name: channel.name, provider: channel.provider, baseURL: upstream, apiKey: channel.apiKey,
                    modelMap: [model: channel.upstreamModel], priority: priority))
            }
            configuration.retries.attempts = attempts
        }, body)
    }

    static func run<Value: Sendable>(
        customize: @Sendable (inout GatewayConfiguration) -> Void = { _ in },
        _ body: @Sendable (GatewayHarness, TestUpstream) async throws -> Value
    ) async throws -> Value {
        try await Stack.run(channels: channels(upstream:), customize: { configuration in
            configuration.keys.append(StaticClientKey(name: "mock-only", key: mockOnlyKey, models: ["mock-*"]))
            configuration.keys.append(StaticClientKey(name: "rpm", key: rpmKey, limits: StaticClientKey.Limits(rpm: 1)))
            configuration.keys.append(StaticClientKey(name: "budget", key: budgetKey, limits: StaticClientKey.Limits(budgetUSD: 0.000001)))
            customize(&configuration)
        }, body)
    }

    /// The usage records of the requests so far, newest first, once the recorder wrote them.
    static func records(_ harness: GatewayHarness) async throws -> [UsageRecord] {
        await harness.gateway.recorder.flush()
        return try await harness.gateway.store.recentUsage(limit: 50)
    }
}
