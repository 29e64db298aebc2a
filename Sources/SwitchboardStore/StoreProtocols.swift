import Foundation

/// Where client keys live. The gateway reads them into memory; the CLI and admin API write them.
public protocol KeyStore: Sendable {
    /// Creates a key and returns it with its secret, which is not kept.
    func createKey(_ key: NewClientKey) async throws -> (key: ClientKey, secret: String)
    func listKeys() async throws -> [ClientKey]
    func key(id: String) async throws -> ClientKey?
    /// Changes a key; nil when there is no such key.
    func updateKey(id: String, _ patch: ClientKeyPatch) async throws -> ClientKey?
    /// Revokes a key by id; false when there is no such key or it was already revoked.
    func revokeKey(id: String) async throws -> Bool
    /// Changes whenever any key was created, changed or revoked: a cheap check for reloading.
    func keysVersion() async throws -> String
}

/// The append-only log of usage records.
public protocol UsageLog: Sendable {
    func append(_ records: [UsageRecord]) async throws
    func recentUsage(limit: Int) async throws -> [UsageRecord]
}

/// Small named values the gateway keeps beside its data (the admin key's hash).
public protocol SettingsStore: Sendable {
    func setting(_ name: String) async throws -> String?
    /// Writes a value unless one exists; true when the stored value is now `value` (this call won
    /// the race against another replica, or wrote the same value).
    func insertSettingIfAbsent(_ name: String, value: String) async throws -> Bool
}

/// Channels added at runtime (the admin API), beside those from the config file.
public protocol ChannelStore: Sendable {
    func insertChannel(_ channel: StoredChannel) async throws
    func listChannels() async throws -> [StoredChannel]
    func channel(id: String) async throws -> StoredChannel?
    /// Replaces a channel's name, configuration and enabled flag; false when there is no such channel.
    func replaceChannel(_ channel: StoredChannel) async throws -> Bool
    func deleteChannel(id: String) async throws -> Bool
    /// Changes whenever a channel was added, changed or deleted.
    func channelsVersion() async throws -> String
}

/// Money spent per key and budget period, shared by every replica.
public protocol SpendStore: Sendable {
    /// Adds amounts to keys' spend (atomic per key and period).
    func addSpend(_ deltas: [SpendDelta]) async throws
    /// The spend of each key in the period starting at the given time (epoch ms; 0 = lifetime).
    func spend(since periodStarts: [String: Int64]) async throws -> [String: Double]
}

/// An amount to add to one key's spend in one budget period.
public struct SpendDelta: Sendable, Equatable {
    public var keyID: String
    /// Epoch milliseconds of the period's start; 0 for a budget without a period.
    public var periodStart: Int64
    public var amountUSD: Double

    public init(keyID: String, periodStart: Int64, amountUSD: Double) {
        self.keyID = keyID
        self.periodStart = periodStart
        self.amountUSD = amountUSD
    }
}
