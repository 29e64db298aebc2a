public import SwitchboardStore
public import SwitchboardCore
import Synchronization
public import Logging
public import ServiceLifecycle
import Foundation

/// The client keys the gateway accepts, held in memory so authenticating costs no store round trip.
///
/// Stored keys are re-read whenever the store's key version changes (checked every
/// `refreshInterval`, so keys created or revoked by the CLI take effect within a second); keys from
/// the config file are fixed. Lookups hash the presented secret and compare hashes in constant time.
public final class KeyDirectory: Service, Sendable {
    private let store: any KeyStore
    private let staticKeys: [String: ClientKey]
    private let storedKeys = Mutex<[String: ClientKey]>([:])
    /// Compiled `allowed_ips` of the stored keys that have one, by key id.
    private let allowLists = Mutex<[String: IPAllowList]>([:])
    private let version = Mutex<String>("")
    private let serial = SerialRunner()
    private let refreshInterval: Duration
    private let logger: Logger

    public init(store: any KeyStore, staticKeys: [StaticClientKey], refreshInterval: Double, logger: Logger) {
        self.store = store
        var byHash: [String: ClientKey] = [:]
        for key in staticKeys {
            let hash = KeySecret.hash(key.key)
            byHash[hash] = ClientKey(
                id: "static:\(key.name)", name: key.name, keyHash: hash, hint: KeySecret.hint(key.key),
                limits: KeyLimits(
                    models: key.models.map(ModelPattern.init), rpm: key.limits.rpm, tpm: key.limits.tpm,
                    maxConcurrency: key.limits.maxConcurrency, budgetUSD: key.limits.budgetUSD,
                    budgetPeriod: key.limits.budgetPeriod),
                isStatic: true)
        }
        self.staticKeys = byHash
        self.refreshInterval = .milliseconds(Int(refreshInterval * 1000))
        self.logger = logger
    }

    /// The keys of the config file.
    public var configKeys: [ClientKey] { Array(staticKeys.values) }

    /// Finds the key for a presented secret, or throws the 401 the client should see. `peer`, the
    /// client's address, is worked out only for a key with an IP allow-list.
    public func authenticate(_ secret: String?, peer: @autoclosure () -> String? = nil) throws(GatewayError) -> ClientKey {
        guard let secret, !secret.isEmpty else {
            throw GatewayError(
                .authentication,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).")
        }
        let hash = KeySecret.hash(secret)
        let found = staticKeys[hash] ?? storedKeys.withLock { $0[hash] }
        guard let key = found, KeySecret.constantTimeEquals(key.keyHash, hash) else {
            throw GatewayError(.authentication, "Incorrect API key provided: \(KeySecret.hint(secret)).")
        }
        if key.revokedAt != nil {
            throw GatewayError(.authentication, "The API key \(key.hint) has been revoked.")
        }
        if let expiry = key.expiresAt, expiry <= Date() {
            throw GatewayError(.authentication, "The API key \(key.hint) has expired.")
        }
        if !key.limits.allowedIPs.isEmpty, let allowList = allowLists.withLock({ $0[key.id] }), case let peer = peer(), !allowList.allows(peer) {
            throw GatewayError(
                .permission, "The API key \(key.hint) may not be used from the address \(peer ?? "unknown").",
                code: "ip_not_allowed")
        }
        return key
    }

    /// Re-reads the stored keys when they changed since the last read (one refresh at a time).
    public func refresh() async throws {
        try await serial.run { try await self.reload() }
    }

    private func reload() async throws {
        let current = try await store.keysVersion()
        guard current != version.withLock({ $0 }) else { return }
        let keys = try await store.listKeys()
        var compiled: [String: IPAllowList] = [:]
        for key in keys where !key.limits.allowedIPs.isEmpty {
            // An entry that does not parse (written around the admin API) allows nothing rather than everything.
            compiled[key.id] = (try? IPAllowList(key.limits.allowedIPs)) ?? (try! IPAllowList(["0.0.0.0/32"]))
        }
        storedKeys.withLock { stored in
            stored = Dictionary(keys.map { ($0.keyHash, $0) }, uniquingKeysWith: { $1 })
        }
        allowLists.withLock { $0 = compiled }
        version.withLock { $0 = current }
    }

    public func run() async throws {
        await repeatRefresh(every: refreshInterval, logger: logger, what: "client keys") { try await self.refresh() }
    }
}
