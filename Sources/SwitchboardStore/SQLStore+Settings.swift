import SQLKit
import Foundation

extension SQLStore: SettingsStore {
    public func setting(_ name: String) async throws -> String? {
        try await database.select().column("value").from("gateway_settings").where("name", .equal, SQLBind(name))
            .first(decodingColumn: "value", as: String.self)
    }

    public func insertSettingIfAbsent(_ name: String, value: String) async throws -> Bool {
        try await database.insert(into: "gateway_settings").columns("name", "value", "updated_at")
            .values(SQLBind(name), SQLBind(value), SQLBind(Date().milliseconds))
            .ignoringConflicts(with: ["name"])
            .run()
        return try await setting(name) == value
    }
}
