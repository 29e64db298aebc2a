import Testing
import Foundation
@testable import SwitchboardStore

/// The backends every store test runs on: SQLite in memory and in a file (whose usage records go
/// through their own writer, ``SQLiteUsageFileWriter``) always, PostgreSQL when
/// `SWITCHBOARD_TEST_POSTGRES_URL` names a server to create throw-away databases on (`scripts/test.sh`
/// starts one through `scripts/postgres.sh`; without it the PostgreSQL cases are skipped).
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case sqliteFile
    case postgres

    var testDescription: String { rawValue }

    /// The backends with distinct fresh locations (``withFreshLocation(_:)``): a file for both
    /// SQLite cases, so one of them.
    static let freshLocationCases: [StoreBackend] = [.sqlite, .postgres]

    /// The admin URL of the test server, if any.
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static let postgresSkipNote = Comment(
        rawValue: "SWITCHBOARD_TEST_POSTGRES_URL is not set, so the PostgreSQL cases of the store tests are skipped "
            + "(scripts/test.sh sets it; or `source scripts/postgres.sh` first)")

    /// Runs `body` with a fresh, migrated store, closed afterwards: SQLite in memory or in a temporary
    /// file, or PostgreSQL in a database of its own.
    func withStore(_ body: (SQLStore) async throws -> Void) async throws {
        if self == .sqlite {
            try await Self.using(try await SQLStore.open(.sqliteMemory), body)
        } else {
            try await withFreshLocation { location in try await Self.using(try await SQLStore.open(location), body) }
        }
    }

    /// Runs `body` with the location of a database nobody has opened yet, removed afterwards: a
    /// temporary SQLite file, or a new PostgreSQL database `sb_<random>`.
    func withFreshLocation(_ body: (DatabaseLocation) async throws -> Void) async throws {
        switch self {
        case .sqlite, .sqliteFile:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("sb-\(UUID().uuidString).db").path
            defer {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            try await body(.sqliteFile(path: path))
        case .postgres:
            guard let adminURL = Self.postgresURL else {
                try Test.cancel(Self.postgresSkipNote)
            }
            try await PostgresScratchDatabase.with(adminURL: adminURL) { url in try await body(.postgres(url: url)) }
        }
    }

    private static func using(_ store: SQLStore, _ body: (SQLStore) async throws -> Void) async throws {
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
