/// The provider kinds a channel may name in the config (`provider:`).
public enum ProviderKind: String, Sendable, CaseIterable {
    case openai
    case openaiCompatible = "openai-compatible"
    case anthropic
    case gemini
    case mock
    /// A generic submit-and-poll HTTP API for asynchronous media tasks (``TaskChannelOptions``).
    case taskHTTP = "task-http"
}

/// Per-channel timeouts, in seconds (`timeouts:` in the config).
public struct ChannelTimeouts: Sendable, Equatable {
    /// Establishing the TCP/TLS connection.
    public var connect: Double
    /// From sending the request to the response head.
    public var firstByte: Double
    /// Between two reads of the response body.
    public var idle: Double
    /// The whole exchange, body included.
    public var total: Double

    public init(connect: Double = 5, firstByte: Double = 60, idle: Double = 60, total: Double = 600) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
        self.total = total
    }
}

/// One upstream channel as the operator described it: which provider, where, which models.
public struct ChannelConfiguration: Sendable, Equatable {
    public var name: String
    public var provider: ProviderKind
    public var baseURL: String
    public var apiKey: String?
    /// Names clients use that this channel serves under the same name upstream.
    public var models: [String]
    /// Client name to upstream name; the client names are served too.
    public var modelMap: [String: String]
    public var priority: Int
    public var weight: Int
    public var timeouts: ChannelTimeouts
    /// Extra headers sent upstream with every request (an organisation id, a gateway token...).
    public var headers: [String: String]
    /// Ask the upstream for usage in streams (`stream_options.include_usage`); off for servers that reject it.
    public var streamUsage: Bool
    /// The upstream also serves the Responses API (always true for `provider: openai`).
    public var responses: Bool
    /// Client model names this channel serves only through its Responses API (`responses_only:`),
    /// such as OpenAI's pro and codex models: every client format is translated to Responses for them.
    public var responsesOnlyModels: Set<String>
    /// Background health probes (`probe:`); nil (the default) sends none.
    public var probe: ChannelProbeSettings?
    /// What the channel's models can serve (`capabilities:`).
    public var capabilities: ChannelCapabilities
    /// How the channel runs asynchronous media tasks (`task_seconds:`, `tasks:`).
    public var tasks = TaskChannelOptions()

    public init(
        name: String, provider: ProviderKind, baseURL: String = "", apiKey: String? = nil, models: [String] = [],
        modelMap: [String: String] = [:], priority: Int = 0, weight: Int = 1, timeouts: ChannelTimeouts = .init(),
        headers: [String: String] = [:], streamUsage: Bool = true, responses: Bool = false,
        responsesOnlyModels: Set<String> = [], probe: ChannelProbeSettings? = nil,
        capabilities: ChannelCapabilities = .init()
    ) {
        self.name = name
        self.provider = provider
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.models = models
        self.modelMap = modelMap
        self.priority = priority
        self.weight = weight
        self.timeouts = timeouts
        self.headers = headers
        self.streamUsage = streamUsage
        self.responses = responses
        self.responsesOnlyModels = responsesOnlyModels
        self.probe = probe
        self.capabilities = capabilities
    }

    /// Whether the upstream serves the Responses API.
    public var servesResponses: Bool { provider == .openai || responses }

    /// The base URL a provider uses when the config gives none.
    public static func defaultBaseURL(for provider: ProviderKind) -> String? {
        switch provider {
        case .openai: "https://api.openai.com/v1"
        case .anthropic: "https://api.anthropic.com/v1"
        case .gemini: "https://generativelanguage.googleapis.com/v1beta"
        case .openaiCompatible, .mock, .taskHTTP: nil
        }
    }

    /// Every client-facing model name the channel serves.
    public var servedModels: [String] {
        var seen = Set<String>()
        return (models + modelMap.keys.sorted()).filter { seen.insert($0).inserted }
    }

    /// The upstream name for a client-facing name.
    public func upstreamModel(for clientModel: String) -> String {
        modelMap[clientModel] ?? clientModel
    }
}
