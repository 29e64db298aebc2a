import SwitchboardStore

/// The key that guards `/admin/v1/*`, separate from every client key.
///
/// From the config (`admin_key`) when given; else the one a first start generated, kept in the
/// store as a hash (so every replica on one database shares it); else generated now, stored,
/// and shown once. Two replicas starting at once agree: only the first insert wins.
struct AdminKey: Sendable {
    static let settingName = "admin_key_hash"

    let hash: String
    let generatedSecret: String?

    static func resolve(configured: String?, store: any SettingsStore) async throws -> AdminKey {
        if let configured, !configured.isEmpty {
            return AdminKey(hash: KeySecret.hash(configured), generatedSecret: nil)
        }
        if let stored = try await store.setting(settingName) {
            return AdminKey(hash: stored, generatedSecret: nil)
        }
        let secret = KeySecret.generate(prefix: "sb-admin-")
        let hash = KeySecret.hash(secret)
        if try await store.insertSettingIfAbsent(settingName, value: hash) {
            return AdminKey(hash: hash, generatedSecret: secret)
        }
        guard let winner = try await store.setting(settingName) else { throw AdminKeyError.notStored }
        return AdminKey(hash: winner, generatedSecret: nil)
    }
}

enum AdminKeyError: Error, CustomStringConvertible {
    case notStored
    var description: String { "the generated admin key could not be stored" }
}
