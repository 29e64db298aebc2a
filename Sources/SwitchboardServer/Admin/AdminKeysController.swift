import Hummingbird
import SwitchboardCore
import SwitchboardStore
import Foundation

/// `/admin/v1/keys`: create (the secret is shown once), list, show, update and revoke client keys.
/// Every change is applied to this replica's key cache at once; other replicas see it within the
/// key refresh interval.
struct AdminKeysController {
    let gateway: Gateway

    static let members: Set<String> = [
        "name", "models", "rpm", "tpm", "max_concurrency", "budget_usd", "budget_period", "expires_at",
        "allowed_ips", "metadata", "model_limits",
    ]

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.post("keys", use: create)
        group.get("keys", use: list)
        group.get("keys/{id}", use: show)
        group.patch("keys/{id}", use: update)
        group.delete("keys/{id}", use: revoke)
    }

    @Sendable func create(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let body = try await RequestBodyReader.read(request, limit: 1 << 20)
        let fields = try AdminFields(body: body, allowed: Self.members)
        let name = try fields.requiredString("name")
        var patch = try Self.patch(from: fields)
        patch.name = name
        let base = ClientKey(id: "", name: name, keyHash: "", hint: "")
        let shaped = patch.applied(to: base)
        let (key, secret) = try await gateway.store.createKey(
            NewClientKey(name: name, limits: shaped.limits, expiresAt: shaped.expiresAt))
        try await gateway.keys.refresh()
        var object = keyObject(key)
        object["key"] = .string(secret)
        return .json(.object(object), status: .created)
    }

    @Sendable func list(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let keys = try await gateway.store.listKeys()
        return .json(.object(["object": "list", "data": .array(keys.map { .object(keyObject($0)) })]))
    }

    @Sendable func show(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        .json(.object(keyObject(try await existing(context))))
    }

    @Sendable func update(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let id = try await existing(context).id
        let body = try await RequestBodyReader.read(request, limit: 1 << 20)
        let patch = try Self.patch(from: try AdminFields(body: body, allowed: Self.members))
        guard let updated = try await gateway.store.updateKey(id: id, patch) else { throw Self.notFound(id) }
        try await gateway.keys.refresh()
        try await gateway.budgets.load(keys: [updated])
        return .json(.object(keyObject(updated)))
    }

    @Sendable func revoke(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let key = try await existing(context)
        _ = try await gateway.store.revokeKey(id: key.id)
        try await gateway.keys.refresh()
        return .json(.object(keyObject(try await gateway.store.key(id: key.id) ?? key)))
    }

    private func existing(_ context: SwitchboardRequestContext) async throws -> ClientKey {
        let id = context.parameters.get("id") ?? ""
        guard let key = try await gateway.store.key(id: id) else { throw Self.notFound(id) }
        return key
    }

    static func notFound(_ id: String) -> GatewayError {
        GatewayError(.notFound, "No key with id '\(id)'.", param: "id")
    }

    /// The changes a body asks for, validated.
    static func patch(from fields: AdminFields) throws(GatewayError) -> ClientKeyPatch {
        var patch = ClientKeyPatch()
        if let name = try fields.string("name") {
            guard let name, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw GatewayError.invalidRequest("'name' must not be empty.", param: "name")
            }
            patch.name = name
        }
        if let models = try fields.strings("models") {
            guard !models.isEmpty else {
                throw GatewayError.invalidRequest("'models' must name at least one pattern (\"*\" for all).", param: "models")
            }
            patch.models = models.map(ModelPattern.init)
        }
        if let rpm = try fields.int("rpm", minimum: 1) { patch.rpm = rpm }
        if let tpm = try fields.int("tpm", minimum: 1) { patch.tpm = tpm }
        if let concurrency = try fields.int("max_concurrency", minimum: 1) { patch.maxConcurrency = concurrency }
        if let budget = try fields.double("budget_usd") { patch.budgetUSD = budget }
        if let period = try fields.string("budget_period") {
            if let period {
                guard let parsed = BudgetPeriod(rawValue: period) else {
                    throw GatewayError.invalidRequest("'budget_period' must be \"daily\" or \"monthly\", not '\(period)'.", param: "budget_period")
                }
                patch.budgetPeriod = .some(parsed)
            } else {
                patch.budgetPeriod = .some(nil)
            }
        }
        if let expiry = try fields.date("expires_at") { patch.expiresAt = expiry }
        if let addresses = try fields.strings("allowed_ips") {
            do {
                _ = try IPAllowList(addresses)
            } catch {
                throw GatewayError.invalidRequest(
                    "'\(error.entry)' in 'allowed_ips' is not an IP address or CIDR range.", param: "allowed_ips")
            }
            patch.allowedIPs = addresses
        } else if fields.has("allowed_ips") {
            patch.allowedIPs = []
        }
        if let modelLimits = fields.object["model_limits"] {
            patch.modelLimits = try Self.modelLimits(modelLimits)
        }
        if let metadata = fields.object["metadata"] {
            guard metadata.isNull || metadata.objectValue != nil else {
                throw GatewayError.invalidRequest("'metadata' must be an object.", param: "metadata")
            }
            patch.metadata = .some(metadata.isNull ? nil : metadata)
        }
        return patch
    }

    /// `model_limits`: `{"gpt-5*": {"rpm": 10, "tpm": 50000, "max_concurrency": 2}, ...}` (null or {} clears).
    static func modelLimits(_ value: JSONValue) throws(GatewayError) -> [ModelLimits] {
        if value.isNull { return [] }
        guard let object = value.objectValue else {
            throw GatewayError.invalidRequest("'model_limits' must be an object of model patterns to limits.", param: "model_limits")
        }
        var result: [ModelLimits] = []
        for (pattern, member) in object {
            guard let limits = member.objectValue else {
                throw GatewayError.invalidRequest("'model_limits.\(pattern)' must be an object.", param: "model_limits")
            }
            let fields = try AdminFields(object: limits, allowed: ["rpm", "tpm", "max_concurrency"])
            result.append(ModelLimits(
                pattern: ModelPattern(pattern), rpm: (try fields.int("rpm", minimum: 1)) ?? nil,
                tpm: (try fields.int("tpm", minimum: 1)) ?? nil, maxConcurrency: (try fields.int("max_concurrency", minimum: 1)) ?? nil))
        }
        return result
    }

    /// A key as the admin API shows it: never the secret (only its hint), with its current spend.
    func keyObject(_ key: ClientKey) -> JSONObject {
        let limits = key.limits
        let status = key.revokedAt != nil ? "revoked" : key.isActive() ? "active" : "expired"
        return [
            "id": .string(key.id), "object": "api_key", "name": .string(key.name),
            "key": .string(key.hint), "key_hint": .string(key.hint), "status": .string(status),
            "models": .array(limits.models.map { .string($0.pattern) }),
            "rpm": limits.rpm.map(JSONValue.int) ?? .null, "tpm": limits.tpm.map(JSONValue.int) ?? .null,
            "max_concurrency": limits.maxConcurrency.map(JSONValue.int) ?? .null,
            "budget_usd": limits.budgetUSD.map(JSONValue.double) ?? .null,
            "budget_period": limits.budgetPeriod.map { .string($0.rawValue) } ?? .null,
            "spent_usd": .double(gateway.budgets.spent(keyID: key.id)),
            "allowed_ips": .array(limits.allowedIPs.map(JSONValue.string)),
            "metadata": limits.metadata ?? .object([:]),
            "model_limits": .object(JSONObject(limits.modelLimits.map { entry in
                var object: JSONObject = [:]
                if let rpm = entry.rpm { object["rpm"] = .int(rpm) }
                if let tpm = entry.tpm { object["tpm"] = .int(tpm) }
                if let concurrency = entry.maxConcurrency { object["max_concurrency"] = .int(concurrency) }
                return (key: entry.pattern.pattern, value: JSONValue.object(object))
            })),
            "expires_at": key.expiresAt.map { .string(AdminDates.format($0)) } ?? .null,
            "revoked_at": key.revokedAt.map { .string(AdminDates.format($0)) } ?? .null,
            "created_at": .string(AdminDates.format(key.createdAt)),
        ]
    }
}
