import SQLKit
import Foundation

extension SQLStore: ChannelStore {
    struct ChannelRow: Codable {
        var id: String
        var name: String
        var config: String
        var enabled: Int
        var created_at: Int64
        var updated_at: Int64

        init(_ channel: StoredChannel) {
            id = channel.id
            name = channel.name
            config = channel.configJSON
            enabled = channel.enabled ? 1 : 0
            created_at = channel.createdAt.milliseconds
            updated_at = channel.updatedAt.milliseconds
        }

        var stored: StoredChannel {
            StoredChannel(
                id: id, name: name, configJSON: config, enabled: enabled != 0,
                createdAt: Date(milliseconds: created_at), updatedAt: Date(milliseconds: updated_at))
        }
    }

    public func insertChannel(_ channel: StoredChannel) async throws {
        try await database.insert(into: "channels").model(ChannelRow(channel)).run()
        try await bumpRevision("channels")
    }

    public func listChannels() async throws -> [StoredChannel] {
        try await database.select().columns("*").from("channels").orderBy("created_at")
            .all(decoding: ChannelRow.self).map(\.stored)
    }

    public func channel(id: String) async throws -> StoredChannel? {
        try await database.select().columns("*").from("channels").where("id", .equal, SQLBind(id))
            .first(decoding: ChannelRow.self)?.stored
    }

    public func replaceChannel(_ channel: StoredChannel) async throws -> Bool {
        guard try await self.channel(id: channel.id) != nil else { return false }
        let row = ChannelRow(channel)
        try await database.update("channels")
            .set("name", to: row.name).set("config", to: row.config).set("enabled", to: row.enabled)
            .set("updated_at", to: Date().milliseconds)
            .where("id", .equal, SQLBind(channel.id))
            .run()
        try await bumpRevision("channels")
        return true
    }

    public func deleteChannel(id: String) async throws -> Bool {
        guard try await channel(id: id) != nil else { return false }
        try await database.delete(from: "channels").where("id", .equal, SQLBind(id)).run()
        try await bumpRevision("channels")
        return true
    }

    public func channelsVersion() async throws -> String {
        "\(try await revision("channels"))"
    }
}
