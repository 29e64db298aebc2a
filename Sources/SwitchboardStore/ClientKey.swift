public import SwitchboardCore
public import Foundation

/// A client API key as the gateway knows it: never the secret, only its SHA-256 hash, with the
/// limits and budget the operator gave it.
public struct ClientKey: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Hex SHA-256 of the secret.
    public var keyHash: String
    /// `sk-...abcd`, for listing.
    public var hint: String
    public var limits: KeyLimits
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var createdAt: Date
    /// Keys from the config file are not in the store and cannot be revoked through it.
    public var isStatic: Bool

    public init(
        id: String, name: String, keyHash: String, hint: String, limits: KeyLimits = KeyLimits(),
        expiresAt: Date? = nil, revokedAt: Date? = nil, createdAt: Date = Date(), isStatic: Bool = false
    ) {
        self.id = id
        self.name = name
        self.keyHash = keyHash
        self.hint = hint
        self.limits = limits
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.createdAt = createdAt
        self.isStatic = isStatic
    }

    public var models: [ModelPattern] { limits.models }

    /// Usable now: not revoked, not expired.
    public func isActive(at date: Date = Date()) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > date } ?? true)
    }
}

/// How often a key's budget starts again from zero.
public enum BudgetPeriod: String, Sendable, CaseIterable {
    case daily
    case monthly

    /// The start (UTC) of the period that holds `date`.
    public func start(of date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components: Set<Calendar.Component> = self == .daily ? [.year, .month, .day] : [.year, .month]
        return calendar.date(from: calendar.dateComponents(components, from: date)) ?? date
    }

    /// The start of the next period after the one holding `date`.
    public func end(of date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = start(of: date)
        return calendar.date(byAdding: self == .daily ? .day : .month, value: 1, to: start) ?? date
    }
}

/// What a key may use and how much: allowed models, rate limits, concurrency, budget, client
/// addresses and free-form metadata. Shared by stored keys, keys from the config and new keys.
public struct KeyLimits: Sendable, Equatable {
    public var models: [ModelPattern]
    /// Requests per minute.
    public var rpm: Int?
    /// Tokens (prompt + completion) per minute.
    public var tpm: Int?
    /// Requests in flight at once.
    public var maxConcurrency: Int?
    /// USD the key may spend (per period when `budgetPeriod` is set, else in total).
    public var budgetUSD: Double?
    public var budgetPeriod: BudgetPeriod?
    /// CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`) or single addresses; empty means any.
    public var allowedIPs: [String]
    /// The operator's own data (a team, a customer id); returned by the admin API, never interpreted.
    public var metadata: JSONValue?
    /// Limits for the models matching a pattern, on top of the key's own (the first matching
    /// pattern, in order, applies).
    public var modelLimits: [ModelLimits]

    public init(
        models: [ModelPattern] = [ModelPattern("*")], rpm: Int? = nil, tpm: Int? = nil, maxConcurrency: Int? = nil,
        budgetUSD: Double? = nil, budgetPeriod: BudgetPeriod? = nil, allowedIPs: [String] = [], metadata: JSONValue? = nil,
        modelLimits: [ModelLimits] = []
    ) {
        self.models = models
        self.rpm = rpm
        self.tpm = tpm
        self.maxConcurrency = maxConcurrency
        self.budgetUSD = budgetUSD
        self.budgetPeriod = budgetPeriod
        self.allowedIPs = allowedIPs
        self.metadata = metadata
        self.modelLimits = modelLimits
    }

    /// The per-model limits that apply to a model, if any.
    public func limits(forModel model: String) -> ModelLimits? {
        modelLimits.first { $0.pattern.matches(model) }
    }
}

/// RPM, TPM and concurrency for the models matching one pattern, within one key.
public struct ModelLimits: Sendable, Equatable {
    public var pattern: ModelPattern
    public var rpm: Int?
    public var tpm: Int?
    public var maxConcurrency: Int?

    public init(pattern: ModelPattern, rpm: Int? = nil, tpm: Int? = nil, maxConcurrency: Int? = nil) {
        self.pattern = pattern
        self.rpm = rpm
        self.tpm = tpm
        self.maxConcurrency = maxConcurrency
    }
}

/// The fields an operator gives when creating a key.
public struct NewClientKey: Sendable {
    public var name: String
    public var limits: KeyLimits
    public var expiresAt: Date?

    public init(name: String, limits: KeyLimits = KeyLimits(), expiresAt: Date? = nil) {
        self.name = name
        self.limits = limits
        self.expiresAt = expiresAt
    }
}

/// A change to a stored key: each field that is set replaces the stored one (`.some(nil)` clears
/// an optional limit).
public struct ClientKeyPatch: Sendable {
    public var name: String?
    public var models: [ModelPattern]?
    public var rpm: Int??
    public var tpm: Int??
    public var maxConcurrency: Int??
    public var budgetUSD: Double??
    public var budgetPeriod: BudgetPeriod??
    public var expiresAt: Date??
    public var allowedIPs: [String]?
    public var metadata: JSONValue??
    public var modelLimits: [ModelLimits]?

    public init() {}

    /// Applies the patch to a key's current values.
    public func applied(to key: ClientKey) -> ClientKey {
        var key = key
        if let name { key.name = name }
        if let models { key.limits.models = models }
        if let rpm { key.limits.rpm = rpm }
        if let tpm { key.limits.tpm = tpm }
        if let maxConcurrency { key.limits.maxConcurrency = maxConcurrency }
        if let budgetUSD { key.limits.budgetUSD = budgetUSD }
        if let budgetPeriod { key.limits.budgetPeriod = budgetPeriod }
        if let expiresAt { key.expiresAt = expiresAt }
        if let allowedIPs { key.limits.allowedIPs = allowedIPs }
        if let metadata { key.limits.metadata = metadata }
        if let modelLimits { key.limits.modelLimits = modelLimits }
        return key
    }
}
