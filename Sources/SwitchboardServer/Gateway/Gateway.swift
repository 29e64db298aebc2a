public import SwitchboardProviders
public import SwitchboardStore
public import Logging

/// The gateway's shared state: configuration, routes, keys, usage recording and the store.
///
/// Built once by ``buildApplication(configuration:environment:logger:)`` and handed to every
/// controller; holds no per-request state.
public final class Gateway: Sendable {
    public let configuration: GatewayConfiguration
    public let router: ModelRouter
    public let channels: [Channel]
    public let keys: KeyDirectory
    public let recorder: UsageRecorder
    public let store: SQLStore
    public let logger: Logger

    init(configuration: GatewayConfiguration, channels: [Channel], store: SQLStore, logger: Logger) {
        self.configuration = configuration
        self.channels = channels
        self.router = ModelRouter(channels: channels)
        self.store = store
        self.keys = KeyDirectory(
            store: store, staticKeys: configuration.keys, refreshInterval: configuration.keyRefreshInterval, logger: logger)
        self.recorder = UsageRecorder(log: store, logger: logger)
        self.logger = logger
    }

    /// Closes upstream connection pools and the store.
    public func shutdown() async {
        for channel in channels { await channel.shutdown() }
        await store.close()
    }
}
