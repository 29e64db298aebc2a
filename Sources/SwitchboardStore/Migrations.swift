import SQLKit
import Foundation

/// The store's schema as an ordered list of versioned migrations (``all``, in `Schema.swift`),
/// applied once each on open.
enum Migrations {
    struct Migration: Sendable {
        let version: Int
        let name: String
        let apply: @Sendable (any SQLDatabase) async throws -> Void
    }

    /// Applies every migration not yet recorded, in order.
    static func run(on database: any SQLDatabase) async throws {
        try await database.create(table: "switchboard_migrations")
            .ifNotExists()
            .column("version", type: .bigint, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("applied_at", type: .bigint, .notNull)
            .run()
        let applied = Set(
            try await database.select().column("version").from("switchboard_migrations")
                .all(decodingColumn: "version", as: Int.self))
        for migration in all where !applied.contains(migration.version) {
            do {
                try await migration.apply(database)
                try await database.insert(into: "switchboard_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(Self.now()))
                    .run()
            } catch {
                throw StoreError.migrationFailed("\(migration.version) (\(migration.name)): \(String(reflecting: error))")
            }
        }
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
