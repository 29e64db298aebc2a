public import Foundation

/// A channel an operator added at runtime through the admin API, as the store keeps it: the
/// channel's configuration as JSON (its API key sealed when the gateway has an encryption key)
/// and whether it is enabled.
public struct StoredChannel: Sendable, Equatable {
    public var id: String
    public var name: String
    /// The channel configuration as a JSON object (see `ChannelDocument` in the server).
    public var configJSON: String
    public var enabled: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, name: String, configJSON: String, enabled: Bool, createdAt: Date = Date(), updatedAt: Date = Date()) {
        self.id = id
        self.name = name
        self.configJSON = configJSON
        self.enabled = enabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
