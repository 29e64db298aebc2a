import SQLKit
import SQLiteKit
import Logging

extension SQLStore {
    /// One SQLite connection: WAL for files (readers never wait for the writer), a busy timeout so a
    /// second process waits for a lock instead of failing.
    static func openSQLite(storage: SQLiteConnection.Storage, logger: Logger) async throws -> SQLStore {
        let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        let database = connection.sql()
        do {
            try await database.raw("PRAGMA busy_timeout=5000").run()
            if case .file = storage {
                try await database.raw("PRAGMA journal_mode=WAL").run()
            }
            try await database.raw("PRAGMA synchronous=NORMAL").run()
            try await Migrations.run(on: database)
        } catch {
            try? await connection.close()
            throw error
        }
        return SQLStore(database: database, sqliteUsage: SQLiteUsageAppender(connection: connection), close: { try await connection.close() })
    }
}
