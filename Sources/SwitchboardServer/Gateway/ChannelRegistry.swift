public import SwitchboardProviders
public import SwitchboardStore
import SwitchboardCore
import Synchronization
import Logging
public import ServiceLifecycle
import Foundation

/// The channels the gateway routes to: those of the config file (fixed) and those operators add
/// at runtime through the admin API (in the store). Holds the current ``ModelRouter``.
///
/// The store's channel revision is checked every `refreshInterval`; when it moved, the stored
/// channels are re-read and the router rebuilt, so a change made on any replica reaches every
/// replica's routing within about one interval. A channel whose configuration did not change
/// keeps its connection pool and its breakers; a replaced or deleted one is closed after a grace
/// period so requests in flight on it finish, and its breakers are reset (an edited channel, say
/// with a new API key, starts healthy) or dropped (a deleted one).
public final class ChannelRegistry: Service, Sendable {
    /// A stored channel as the registry holds it.
    public struct Runtime: Sendable {
        public let stored: StoredChannel
        /// Nil when the stored document cannot be read (the error says why).
        public let channel: Channel?
        public let loadError: String?
    }

    struct State {
        var router: ModelRouter
        var runtime: [Runtime] = []
        var version = ""
    }

    public let configChannels: [Channel]
    private let store: any ChannelStore
    private let sealer: SecretSealer?
    private let state: Mutex<State>
    private let retired = Mutex<[Channel]>([])
    private let serial = SerialRunner()
    private let refreshInterval: Duration
    private let breakers: CircuitBreakers
    private let logger: Logger

    init(
        configChannels: [Channel], store: any ChannelStore, sealer: SecretSealer?, refreshInterval: Duration,
        breakers: CircuitBreakers, logger: Logger
    ) {
        self.configChannels = configChannels
        self.breakers = breakers
        self.store = store
        self.sealer = sealer
        self.state = Mutex(State(router: ModelRouter(channels: configChannels)))
        self.refreshInterval = refreshInterval
        self.logger = logger
    }

    public var router: ModelRouter { state.withLock { $0.router } }

    public var storedChannels: [Runtime] { state.withLock { $0.runtime } }

    /// Re-reads the stored channels when they changed; `force` re-reads regardless. One refresh at a
    /// time, so an admin change is never undone by a poll that read the store before it.
    public func refresh(force: Bool = false) async throws {
        try await serial.run { try await self.reload(force: force) }
    }

    private func reload(force: Bool) async throws {
        let version = try await store.channelsVersion()
        if !force, version == state.withLock({ $0.version }) { return }
        let stored = try await store.listChannels()
        let previous = state.withLock { $0.runtime }
        var runtime: [Runtime] = []
        var kept = Set<String>()
        for channel in stored {
            do {
                let configuration = try ChannelDocument.configuration(stored: channel.configJSON, sealer: sealer)
                if let old = previous.first(where: { $0.stored.id == channel.id }), let oldChannel = old.channel,
                    oldChannel.configuration == configuration
                {
                    runtime.append(Runtime(stored: channel, channel: oldChannel, loadError: nil))
                    kept.insert(channel.id)
                } else {
                    runtime.append(Runtime(stored: channel, channel: try Channel.make(configuration), loadError: nil))
                }
            } catch {
                logger.error("Cannot load stored channel", metadata: ["channel": "\(channel.name)", "error": "\(error)"])
                runtime.append(Runtime(stored: channel, channel: nil, loadError: "\(error)"))
            }
        }
        let active = runtime.filter(\.stored.enabled).compactMap(\.channel)
        let router = ModelRouter(channels: configChannels + active)
        state.withLock { state in
            state.router = router
            state.runtime = runtime
            state.version = version
        }
        let replaced = previous.filter { !kept.contains($0.stored.id) }.compactMap(\.channel)
        retire(replaced)
        updateBreakers(routed: configChannels + active, replaced: replaced)
    }

    /// Breakers follow the channels: those of channels no longer routed to are dropped, those of
    /// models a channel no longer serves too, and a channel whose configuration changed starts
    /// closed and enabled again.
    private func updateBreakers(routed: [Channel], replaced: [Channel]) {
        breakers.retain(channels: Set(routed.map(\.name)))
        for channel in routed {
            let configuration = channel.configuration
            breakers.retain(models: Set(configuration.servedModels.map(configuration.upstreamModel(for:))), of: channel.name)
        }
        let routedNames = Set(routed.map(\.name))
        for channel in replaced where routedNames.contains(channel.name) {
            breakers.enable(channel: channel.name)
        }
    }

    /// Closes channels no longer routed to once requests on them have had time to finish.
    private func retire(_ channels: [Channel]) {
        let channels = channels.filter { $0.backendID != nil }
        guard !channels.isEmpty else { return }
        retired.withLock { $0.append(contentsOf: channels) }
        for channel in channels {
            let grace = Duration.seconds(channel.configuration.timeouts.total)
            Task { [weak self] in
                try? await Task.sleep(for: grace)
                guard let self else { return }
                let due = self.retired.withLock { list -> Bool in
                    guard let index = list.firstIndex(where: { $0.backendID == channel.backendID }) else { return false }
                    list.remove(at: index)
                    return true
                }
                if due { await channel.shutdown() }
            }
        }
    }

    /// Closes every channel (config, stored and retired), at gateway shutdown.
    public func shutdown() async {
        let stored = state.withLock { $0.runtime.compactMap(\.channel) }
        let pending = retired.withLock { list -> [Channel] in
            defer { list.removeAll() }
            return list
        }
        for channel in configChannels + stored + pending { await channel.shutdown() }
    }

    public func run() async throws {
        await repeatRefresh(every: refreshInterval, logger: logger, what: "channels") { try await self.refresh() }
    }
}
