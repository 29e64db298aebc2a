public import SQLKit
import SQLiteKit
import SwitchboardCore
public import Logging
import Foundation

/// The store on SQL: one code path over SQLKit, so SQLite and PostgreSQL share every query.
public final class SQLStore: KeyStore, UsageLog, Sendable {
    public let database: any SQLDatabase
    private let closeConnection: @Sendable () async throws -> Void

    init(database: any SQLDatabase, close: @escaping @Sendable () async throws -> Void) {
        self.database = database
        self.closeConnection = close
    }

    /// Opens the store at a location and brings its schema up to date.
    public static func open(_ location: DatabaseLocation, logger: Logger = Logger(label: "switchboard.store")) async throws -> SQLStore {
        switch location {
        case .sqliteFile(let path):
            return try await openSQLite(storage: .file(path: path), logger: logger)
        case .sqliteMemory:
            return try await openSQLite(storage: .memory, logger: logger)
        case .postgres:
            throw StoreError.unsupported("PostgreSQL is not available in this build yet; use sqlite://FILE")
        }
    }

    private static func openSQLite(storage: SQLiteConnection.Storage, logger: Logger) async throws -> SQLStore {
        let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        let database = connection.sql()
        if case .file = storage {
            try await database.raw("PRAGMA journal_mode=WAL").run()
        }
        try await database.raw("PRAGMA busy_timeout=5000").run()
        try await database.raw("PRAGMA synchronous=NORMAL").run()
        let store = SQLStore(database: database, close: { try await connection.close() })
        try await Migrations.run(on: database)
        return store
    }

    public func close() async {
        try? await closeConnection()
    }
}
