public import SQLKit
import SwitchboardCore
public import Logging
import Foundation
import Synchronization

/// The store on SQL: one code path over SQLKit, so SQLite and PostgreSQL share every query.
public final class SQLStore: KeyStore, UsageLog, Sendable {
    public let database: any SQLDatabase
    private let closeConnection: @Sendable () async throws -> Void
    private let closed = Atomic(false)
    /// SQLite's usage writes skip SQLKit: one prepared INSERT for a file (``SQLiteUsageFileWriter``),
    /// binds without SQLKit's encoding in memory (``SQLiteUsageAppender``).
    let sqliteUsage: (@Sendable ([UsageRecord]) async throws -> Void)?

    init(
        database: any SQLDatabase, sqliteUsage: (@Sendable ([UsageRecord]) async throws -> Void)? = nil,
        close: @escaping @Sendable () async throws -> Void
    ) {
        self.database = database
        self.sqliteUsage = sqliteUsage
        self.closeConnection = close
    }

    /// Opens the store at a location and brings its schema up to date.
    public static func open(_ location: DatabaseLocation, logger: Logger = Logger(label: "switchboard.store")) async throws -> SQLStore {
        switch location {
        case .sqliteFile(let path):
            return try await openSQLite(storage: .file(path: path), logger: logger)
        case .sqliteMemory:
            return try await openSQLite(storage: .memory, logger: logger)
        case .postgres(let url):
            return try await openPostgres(url: url, logger: logger)
        }
    }

    /// Closes the connection (SQLite) or shuts the connection pool down (PostgreSQL).
    public func close() async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        try? await closeConnection()
    }

    /// A store dropped without `close()` (a start-up that failed half-way) still closes its
    /// connection, instead of leaving it open (SQLiteNIO traps on a connection never closed).
    deinit {
        guard !closed.load(ordering: .acquiring) else { return }
        let closeConnection = closeConnection
        Task { try? await closeConnection() }
    }
}
