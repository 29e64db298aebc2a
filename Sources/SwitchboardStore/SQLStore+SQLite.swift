import SQLKit
import SQLiteKit
import Logging

extension SQLStore {
    /// One SQLite connection: WAL for files (readers never wait for the writer), a busy timeout so a
    /// second process waits for a lock instead of failing. A file also gets the usage writer's
    /// connection (``SQLiteUsageFileWriter``).
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
        guard case .file(let path) = storage else {
            let appender = SQLiteUsageAppender(connection: connection)
            return SQLStore(database: database, sqliteUsage: { try await appender.append($0) }, close: { try await connection.close() })
        }
        let writer: SQLiteUsageFileWriter
        do {
            writer = try await SQLiteUsageFileWriter.open(path: path)
        } catch {
            try? await connection.close()
            throw error
        }
        return SQLStore(database: database, sqliteUsage: { try await writer.append($0) }, close: {
            await writer.close()
            try await connection.close()
        })
    }
}
