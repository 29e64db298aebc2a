public import SwitchboardCore
public import SwitchboardProviders
public import SwitchboardStore

/// Everything the gateway needs to run, from the config file, the environment and the command line.
public struct GatewayConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// Request bodies above this get 413.
    public var maxBodyBytes: Int = 20 * 1024 * 1024
    /// A connection that sends nothing for this long, while idle or half-way through sending its
    /// request, is closed (slow or stalled clients do not hold connections forever). Seconds.
    public var idleTimeout: Double = 60
    /// Generation requests in flight at once (streams until their last byte); beyond it 503 at once.
    public var maxInFlight: Int = 4096
    public var databaseURL: String = "sqlite://switchboard.db"
    public var adminKey: String?
    public var keys: [StaticClientKey] = []
    public var channels: [ChannelConfiguration] = []
    /// Prices from `pricing:`, by model name; they override ``PriceTable/shipped``.
    public var pricing: [String: ModelPrice] = [:]
    public var fallbacks: [String: [String]] = [:]
    /// Retries of requests that failed before any response went out (`retries:`).
    public var retries = RetryPolicy()
    /// When a (channel, model) circuit breaker opens and how it recovers (`breakers:`).
    public var breakers = BreakerPolicy()
    /// On SIGTERM/SIGINT, how long in-flight requests and streams may run on before the gateway ends
    /// them (streams with an error event), in seconds (`server.shutdown_grace`).
    public var shutdownGrace: Double = 30
    /// Log request and response bodies (prompts). Off unless the operator turns it on.
    public var logBodies: Bool = false
    /// Serve Chat Completions requests whose every route is an OpenAI-compatible upstream on plain
    /// HTTP on the client connection's event loop (``EventLoopChatRelay``) rather than in a task
    /// (`server.event_loop_relay`; on unless turned off, for comparing the two paths).
    public var eventLoopRelay: Bool = true
    /// How often the gateway checks the store's key version, in seconds. A quarter of the 1 s
    /// within which a key created or revoked elsewhere must take effect (DESIGN.md), so a check
    /// delayed by a loaded machine still lands in time; each check is one small query.
    public var keyRefreshInterval: Double = 0.25

    public init() {}

    /// The configuration used when no file is given: the mock channel plus one per provider key in
    /// the environment.
    public static func defaults(environment: [String: String]) -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        configuration.channels = EnvironmentChannels.channels(environment: environment)
        return configuration
    }
}

/// A client key written in the config file (`keys:`), held in memory beside the stored ones.
public struct StaticClientKey: Sendable, Equatable {
    public var name: String
    public var key: String
    public var models: [String]
    public var limits: Limits

    /// The limits a config key may carry (`rpm`, `tpm`, `max_concurrency`, `budget_usd`, `budget_period`).
    public struct Limits: Sendable, Equatable {
        public var rpm: Int?
        public var tpm: Int?
        public var maxConcurrency: Int?
        public var budgetUSD: Double?
        public var budgetPeriod: BudgetPeriod?

        public init(rpm: Int? = nil, tpm: Int? = nil, maxConcurrency: Int? = nil, budgetUSD: Double? = nil, budgetPeriod: BudgetPeriod? = nil) {
            self.rpm = rpm
            self.tpm = tpm
            self.maxConcurrency = maxConcurrency
            self.budgetUSD = budgetUSD
            self.budgetPeriod = budgetPeriod
        }
    }

    public init(name: String, key: String, models: [String] = ["*"], limits: Limits = Limits()) {
        self.name = name
        self.key = key
        self.models = models
        self.limits = limits
    }
}
