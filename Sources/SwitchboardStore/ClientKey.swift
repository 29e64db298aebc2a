public import SwitchboardCore
public import Foundation

/// A client API key as the gateway knows it: never the secret, only its SHA-256 hash.
public struct ClientKey: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Hex SHA-256 of the secret.
    public var keyHash: String
    /// `sk-...abcd`, for listing.
    public var hint: String
    public var models: [ModelPattern]
    public var rpm: Int?
    public var tpm: Int?
    public var budgetUSD: Double?
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var createdAt: Date
    /// Keys from the config file are not in the store and cannot be revoked through it.
    public var isStatic: Bool

    public init(
        id: String, name: String, keyHash: String, hint: String, models: [ModelPattern] = [ModelPattern("*")],
        rpm: Int? = nil, tpm: Int? = nil, budgetUSD: Double? = nil, expiresAt: Date? = nil, revokedAt: Date? = nil,
        createdAt: Date = Date(), isStatic: Bool = false
    ) {
        self.id = id
        self.name = name
        self.keyHash = keyHash
        self.hint = hint
        self.models = models
        self.rpm = rpm
        self.tpm = tpm
        self.budgetUSD = budgetUSD
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.createdAt = createdAt
        self.isStatic = isStatic
    }

    /// Usable now: not revoked, not expired.
    public func isActive(at date: Date = Date()) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > date } ?? true)
    }
}

/// The fields an operator gives when creating a key.
public struct NewClientKey: Sendable {
    public var name: String
    public var models: [ModelPattern]
    public var rpm: Int?
    public var tpm: Int?
    public var budgetUSD: Double?
    public var expiresAt: Date?

    public init(
        name: String, models: [ModelPattern] = [ModelPattern("*")], rpm: Int? = nil, tpm: Int? = nil,
        budgetUSD: Double? = nil, expiresAt: Date? = nil
    ) {
        self.name = name
        self.models = models
        self.rpm = rpm
        self.tpm = tpm
        self.budgetUSD = budgetUSD
        self.expiresAt = expiresAt
    }
}
