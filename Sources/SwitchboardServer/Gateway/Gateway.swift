import SwitchboardProviders
public import SwitchboardStore
public import SwitchboardCore
public import Logging

/// The gateway's shared state: configuration, channels and routes, keys, limits, budgets, prices,
/// usage recording and the store.
///
/// Built once by ``buildApplication(configuration:logger:onServerRunning:)`` and handed to every
/// controller; holds no per-request state.
public final class Gateway: Sendable {
    public let configuration: GatewayConfiguration
    public let channels: ChannelRegistry
    public let keys: KeyDirectory
    public let recorder: UsageRecorder
    public let rateLimiter: RateLimiter
    public let budgets: BudgetLedger
    public let prices: PriceTable
    public let channelStats: ChannelStats
    /// Circuit breakers per (channel, upstream model), fed by every attempt's outcome.
    public let breakers: CircuitBreakers
    /// Background health probes of the channels that ask for them (`probe:`).
    let prober: HealthProber
    /// Interrupts streams still running `server.shutdown_grace` after shutdown began; run it beside
    /// the application (see ``ShutdownDeadline``).
    public let shutdownDeadline: ShutdownDeadline
    /// Prometheus metrics, served at `GET /metrics`.
    let metrics = GatewayMetrics()
    /// Requests being served now (counted by ``InFlightLimitMiddleware``).
    let inFlight = InFlightLimitMiddleware.Counter()
    public let store: SQLStore
    public let logger: Logger
    /// Seals runtime channels' API keys in the store (`SWITCHBOARD_ENCRYPTION_KEY`), when set.
    let channelSealer: SecretSealer?
    /// SHA-256 of the admin key (from the config, or generated and kept in the store).
    let adminKeyHash: String
    /// The admin key this start generated (none was configured or stored), to show once.
    public let generatedAdminKey: String?

    init(
        configuration: GatewayConfiguration, channels: [Channel], store: SQLStore, adminKey: AdminKey,
        sealer: SecretSealer?, logger: Logger
    ) {
        self.configuration = configuration
        let refresh = Duration.milliseconds(Int(configuration.keyRefreshInterval * 1000))
        let breakers = CircuitBreakers(policy: configuration.breakers)
        self.breakers = breakers
        self.channels = ChannelRegistry(
            configChannels: channels, store: store, sealer: sealer, refreshInterval: refresh, breakers: breakers,
            logger: logger)
        self.store = store
        self.keys = KeyDirectory(
            store: store, staticKeys: configuration.keys, refreshInterval: configuration.keyRefreshInterval, logger: logger)
        self.recorder = UsageRecorder(log: store, logger: logger)
        self.rateLimiter = RateLimiter()
        self.budgets = BudgetLedger(store: store, syncInterval: refresh, logger: logger)
        self.prices = PriceTable.shipped.overriding(with: configuration.pricing)
        self.channelStats = ChannelStats()
        self.prober = HealthProber(channels: self.channels, breakers: breakers, logger: logger)
        self.shutdownDeadline = ShutdownDeadline(grace: .milliseconds(Int64(configuration.shutdownGrace * 1000)))
        self.channelSealer = sealer
        self.adminKeyHash = adminKey.hash
        self.generatedAdminKey = adminKey.generatedSecret
        self.logger = logger
    }

    /// The current routes (config channels and enabled runtime channels).
    public var router: ModelRouter { channels.router }

    /// Closes upstream connection pools and the store.
    public func shutdown() async {
        await channels.shutdown()
        await store.close()
    }
}
