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
