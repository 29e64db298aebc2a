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
        var max_concurrency: Int?
        var budget_usd: Double?
        var budget_period: String?
        var allowed_ips: String?
        var metadata: String?
        var model_limits: String?
        var expires_at: Int64?
        var revoked_at: Int64?
        var created_at: Int64
        var updated_at: Int64

        init(key: ClientKey, updatedAt: Int64) {
            id = key.id
            name = key.name
            key_hash = key.keyHash
            key_hint = key.hint
            models = JSON.string(.array(key.limits.models.map { .string($0.pattern) }))
            rpm = key.limits.rpm
            tpm = key.limits.tpm
            max_concurrency = key.limits.maxConcurrency
            budget_usd = key.limits.budgetUSD
            budget_period = key.limits.budgetPeriod?.rawValue
            allowed_ips = key.limits.allowedIPs.isEmpty ? nil : JSON.string(.array(key.limits.allowedIPs.map(JSONValue.string)))
            metadata = key.limits.metadata.map { JSON.string($0) }
            model_limits = key.limits.modelLimits.isEmpty ? nil : JSON.string(.array(key.limits.modelLimits.map(Self.encode)))
            expires_at = key.expiresAt?.milliseconds
            revoked_at = key.revokedAt?.milliseconds
            created_at = key.createdAt.milliseconds
            updated_at = updatedAt
        }

        static func encode(_ limits: ModelLimits) -> JSONValue {
            var object: JSONObject = ["model": .string(limits.pattern.pattern)]
            if let rpm = limits.rpm { object["rpm"] = .int(rpm) }
            if let tpm = limits.tpm { object["tpm"] = .int(tpm) }
            if let concurrency = limits.maxConcurrency { object["max_concurrency"] = .int(concurrency) }
            return .object(object)
        }

        static func decode(_ value: JSONValue) -> ModelLimits? {
            guard let pattern = value["model"]?.stringValue else { return nil }
            return ModelLimits(
                pattern: ModelPattern(pattern), rpm: value["rpm"]?.intValue, tpm: value["tpm"]?.intValue,
                maxConcurrency: value["max_concurrency"]?.intValue)
        }

        var clientKey: ClientKey {
            let patterns = (try? JSON.parse(models))?.arrayValue?.compactMap(\.stringValue) ?? []
            let addresses = allowed_ips.flatMap { try? JSON.parse($0) }?.arrayValue?.compactMap(\.stringValue) ?? []
            let limits = KeyLimits(
                models: patterns.map(ModelPattern.init), rpm: rpm, tpm: tpm, maxConcurrency: max_concurrency,
                budgetUSD: budget_usd, budgetPeriod: budget_period.flatMap(BudgetPeriod.init(rawValue:)),
                allowedIPs: addresses, metadata: metadata.flatMap { try? JSON.parse($0) },
                modelLimits: model_limits.flatMap { try? JSON.parse($0) }?.arrayValue?.compactMap(Self.decode) ?? [])
            return ClientKey(
                id: id, name: name, keyHash: key_hash, hint: key_hint, limits: limits,
                expiresAt: expires_at.map(Date.init(milliseconds:)), revokedAt: revoked_at.map(Date.init(milliseconds:)),
                createdAt: Date(milliseconds: created_at))
        }
    }

    public func createKey(_ key: NewClientKey) async throws -> (key: ClientKey, secret: String) {
        let secret = KeySecret.generate()
        let created = ClientKey(
            id: RandomIdentifier.make("key_", length: 20), name: key.name, keyHash: KeySecret.hash(secret),
            hint: KeySecret.hint(secret), limits: key.limits, expiresAt: key.expiresAt,
            createdAt: Date(milliseconds: Date().milliseconds))
        try await database.insert(into: "client_keys").model(KeyRow(key: created, updatedAt: created.createdAt.milliseconds)).run()
        try await bumpRevision("keys")
        return (created, secret)
    }

    public func listKeys() async throws -> [ClientKey] {
        try await database.select().columns("*").from("client_keys").orderBy("created_at")
            .all(decoding: KeyRow.self).map(\.clientKey)
    }

    public func key(id: String) async throws -> ClientKey? {
        try await database.select().columns("*").from("client_keys").where("id", .equal, SQLBind(id))
            .first(decoding: KeyRow.self)?.clientKey
    }

    public func updateKey(id: String, _ patch: ClientKeyPatch) async throws -> ClientKey? {
        guard let current = try await key(id: id) else { return nil }
        let updated = patch.applied(to: current)
        let row = KeyRow(key: updated, updatedAt: Date().milliseconds)
        try await database.update("client_keys")
            .set("name", to: row.name).set("models", to: row.models).set("rpm", to: row.rpm).set("tpm", to: row.tpm)
            .set("max_concurrency", to: row.max_concurrency).set("budget_usd", to: row.budget_usd)
            .set("budget_period", to: row.budget_period).set("allowed_ips", to: row.allowed_ips)
            .set("metadata", to: row.metadata).set("model_limits", to: row.model_limits).set("expires_at", to: row.expires_at).set("updated_at", to: row.updated_at)
            .where("id", .equal, SQLBind(id))
            .run()
        try await bumpRevision("keys")
        return updated
    }

    public func revokeKey(id: String) async throws -> Bool {
        let existing = try await database.select().column("id").from("client_keys")
            .where("id", .equal, SQLBind(id)).where("revoked_at", .is, SQLLiteral.null)
            .all()
        guard !existing.isEmpty else { return false }
        let now = Date().milliseconds
        try await database.update("client_keys")
            .set("revoked_at", to: now).set("updated_at", to: now)
            .where("id", .equal, SQLBind(id))
            .run()
        try await bumpRevision("keys")
        return true
    }

    public func keysVersion() async throws -> String {
        "\(try await revision("keys"))"
    }
}

extension Date {
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}
