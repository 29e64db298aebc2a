import SQLKit
import Foundation

/// The store's schema as an ordered list of versioned migrations (``all``, in `Schema.swift`),
/// applied once each on open.
///
/// Safe when several processes open one database at once: the whole run, table of applied versions
/// included, happens on one connection under a lock (PostgreSQL: a session advisory lock; SQLite: an
/// immediate transaction, which also makes the run all-or-nothing), so a second opener waits and
/// then finds everything applied.
enum Migrations {
    struct Migration: Sendable {
        let version: Int
        let name: String
        let apply: @Sendable (any SQLDatabase) async throws -> Void
    }

    /// The key of the PostgreSQL advisory lock that serialises migration runs ("swbd" in ASCII).
    static let advisoryLockKey: Int64 = 0x7377_6264

    /// Applies every migration not yet recorded, in order, on one connection of `database`.
    static func run(on database: any SQLDatabase) async throws {
        try await database.withSession { session in
            if session.dialect.name == "postgresql" {
                try await session.raw("SELECT pg_advisory_lock(\(bind: advisoryLockKey))").run()
                do {
                    try await inTransaction(session, begin: "BEGIN") { try await applyPending(on: session) }
                } catch {
                    try? await session.raw("SELECT pg_advisory_unlock(\(bind: advisoryLockKey))").run()
                    throw error
                }
                try await session.raw("SELECT pg_advisory_unlock(\(bind: advisoryLockKey))").run()
            } else {
                try await inTransaction(session, begin: "BEGIN IMMEDIATE") { try await applyPending(on: session) }
            }
        }
    }

    /// Runs `body` between `begin` and `COMMIT`, rolling back when it throws.
    private static func inTransaction(
        _ session: any SQLDatabase, begin: String, _ body: () async throws -> Void
    ) async throws {
        try await session.raw("\(unsafeRaw: begin)").run()
        do {
            try await body()
        } catch {
            try? await session.raw("ROLLBACK").run()
            throw error
        }
        try await session.raw("COMMIT").run()
    }

    private static func applyPending(on database: any SQLDatabase) async throws {
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
