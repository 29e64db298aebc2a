import SQLKit
import Foundation

/// The store's schema as an ordered list of versioned migrations, applied once each on open.
enum Migrations {
    struct Migration: Sendable {
        let version: Int
        let name: String
        let apply: @Sendable (any SQLDatabase) async throws -> Void
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "client keys and usage records") { database in
            try await database.create(table: "client_keys")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("key_hash", type: .text, .notNull, .unique)
                .column("key_hint", type: .text, .notNull)
                .column("models", type: .text, .notNull)
                .column("rpm", type: .bigint)
                .column("tpm", type: .bigint)
                .column("budget_usd", type: .real)
                .column("expires_at", type: .bigint)
                .column("revoked_at", type: .bigint)
                .column("created_at", type: .bigint, .notNull)
                .column("updated_at", type: .bigint, .notNull)
                .run()
            try await database.create(table: "usage_records")
                .column("request_id", type: .text, .primaryKey(autoIncrement: false))
                .column("created_at", type: .bigint, .notNull)
                .column("key_id", type: .text)
                .column("endpoint", type: .text, .notNull)
                .column("model", type: .text, .notNull)
                .column("upstream_model", type: .text)
                .column("channel", type: .text)
                .column("prompt_tokens", type: .bigint, .notNull)
                .column("completion_tokens", type: .bigint, .notNull)
                .column("cached_tokens", type: .bigint, .notNull)
                .column("cache_write_tokens", type: .bigint, .notNull)
                .column("reasoning_tokens", type: .bigint, .notNull)
                .column("status", type: .int, .notNull)
                .column("error_code", type: .text)
                .column("latency_ms", type: .real, .notNull)
                .column("ttft_ms", type: .real)
                .column("streamed", type: .int, .notNull)
                .column("cancelled", type: .int, .notNull)
                .run()
            try await database.create(index: "usage_records_created_at").on("usage_records").column("created_at").run()
            try await database.create(index: "usage_records_key_id").on("usage_records").column("key_id").run()
        },
        Migration(version: 2, name: "stored responses") { database in
            try await database.create(table: "stored_responses")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("key_id", type: .text, .notNull)
                .column("previous_response_id", type: .text)
                .column("model", type: .text, .notNull)
                .column("created_at", type: .bigint, .notNull)
                .column("input_items", type: .text, .notNull)
                .column("response", type: .text, .notNull)
                .run()
            try await database.create(index: "stored_responses_key_id").on("stored_responses").column("key_id").run()
        },
    ]

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
