import SQLKit
import SwitchboardCore
import Foundation

extension SQLStore {
    struct KeyRow: Codable {
        var id: String
        var name: String
        var key_hash: String
        var key_hint: String
        var models: String
        var rpm: Int?
        var tpm: Int?
        var budget_usd: Double?
        var expires_at: Int64?
        var revoked_at: Int64?
        var created_at: Int64
        var updated_at: Int64

        var clientKey: ClientKey {
            let patterns = (try? JSON.parse(models))?.arrayValue?.compactMap(\.stringValue) ?? []
            return ClientKey(
                id: id, name: name, keyHash: key_hash, hint: key_hint, models: patterns.map(ModelPattern.init),
                rpm: rpm, tpm: tpm, budgetUSD: budget_usd, expiresAt: expires_at.map(Date.init(milliseconds:)),
                revokedAt: revoked_at.map(Date.init(milliseconds:)), createdAt: Date(milliseconds: created_at))
        }
    }

    public func createKey(_ key: NewClientKey) async throws -> (key: ClientKey, secret: String) {
        let secret = KeySecret.generate()
        let now = Date().milliseconds
        let row = KeyRow(
            id: RandomIdentifier.make("key_", length: 20),
            name: key.name, key_hash: KeySecret.hash(secret), key_hint: KeySecret.hint(secret),
            models: JSON.string(.array(key.models.map { .string($0.pattern) })), rpm: key.rpm, tpm: key.tpm,
            budget_usd: key.budgetUSD, expires_at: key.expiresAt?.milliseconds, revoked_at: nil,
            created_at: now, updated_at: now)
        try await database.insert(into: "client_keys").model(row).run()
        return (row.clientKey, secret)
    }

    public func listKeys() async throws -> [ClientKey] {
        try await database.select().columns("*").from("client_keys").orderBy("created_at")
            .all(decoding: KeyRow.self).map(\.clientKey)
    }

    public func revokeKey(id: String) async throws -> Bool {
        let existing = try await database.select().column("id").from("client_keys")
            .where("id", .equal, id).where("revoked_at", .is, SQLLiteral.null)
            .all()
        guard !existing.isEmpty else { return false }
        let now = Date().milliseconds
        try await database.update("client_keys")
            .set("revoked_at", to: now).set("updated_at", to: now)
            .where("id", .equal, id)
            .run()
        return true
    }

    public func keysVersion() async throws -> String {
        let row = try await database.raw("SELECT COUNT(*) AS n, MAX(updated_at) AS latest FROM client_keys").first()
        let count = try row?.decode(column: "n", as: Int.self) ?? 0
        let latest = try row?.decode(column: "latest", as: Int64?.self)
        return "\(count):\(latest ?? 0)"
    }
}

extension Date {
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}
