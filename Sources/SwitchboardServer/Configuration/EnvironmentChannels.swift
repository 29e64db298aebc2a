import SwitchboardProviders

/// The channels a gateway with no config file serves: the built-in mock, and one channel for each
/// provider whose API key is in the environment.
enum EnvironmentChannels {
    struct KnownProvider {
        let variable: String
        let name: String
        let provider: ProviderKind
        let baseURL: String
        let models: [String]
        /// Models this provider serves only through its Responses API.
        var responsesOnly: [String] = []
    }

    static let known: [KnownProvider] = [
        KnownProvider(
            variable: "OPENAI_API_KEY", name: "openai", provider: .openai, baseURL: "https://api.openai.com/v1",
            models: ["gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o", "gpt-4o-mini", "o3", "o4-mini"],
            responsesOnly: ["gpt-5-pro", "gpt-5-codex"]),
        KnownProvider(
            variable: "ANTHROPIC_API_KEY", name: "anthropic", provider: .anthropic, baseURL: "https://api.anthropic.com/v1",
            models: ["claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-sonnet-4-0", "claude-3-5-haiku-latest"]),
        KnownProvider(
            variable: "GEMINI_API_KEY", name: "gemini", provider: .gemini,
            baseURL: "https://generativelanguage.googleapis.com/v1beta",
            models: ["gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-3-pro-preview"]),
        KnownProvider(
            variable: "DEEPSEEK_API_KEY", name: "deepseek", provider: .openaiCompatible,
            baseURL: "https://api.deepseek.com/v1", models: ["deepseek-chat", "deepseek-reasoner"]),
        KnownProvider(
            variable: "XAI_API_KEY", name: "xai", provider: .openaiCompatible, baseURL: "https://api.x.ai/v1",
            models: ["grok-4", "grok-4-fast", "grok-3-mini"]),
        KnownProvider(
            variable: "DASHSCOPE_API_KEY", name: "qwen", provider: .openaiCompatible,
            baseURL: "https://dashscope.aliyuncs.com/compatible-mode/v1",
            models: ["qwen-max", "qwen-plus", "qwen-turbo", "qwen3-coder-plus"]),
        KnownProvider(
            variable: "MINIMAX_API_KEY", name: "minimax", provider: .openaiCompatible,
            baseURL: "https://api.minimax.io/v1", models: ["MiniMax-M2"]),
    ]

    static func channels(environment: [String: String]) -> [ChannelConfiguration] {
        var channels = [ChannelConfiguration(name: "mock", provider: .mock, models: MockModels.served)]
        for provider in known {
            guard let key = environment[provider.variable], !key.isEmpty else { continue }
            channels.append(ChannelConfiguration(
                name: provider.name, provider: provider.provider, baseURL: provider.baseURL, apiKey: key,
                models: provider.models + provider.responsesOnly,
                responsesOnlyModels: Set(provider.responsesOnly)))
        }
        return channels
    }
}
