import NIOPosix
import Synchronization
import SwitchboardCore
// SQLiteNIO's own build of SQLite (its C module, with the `sqlite_nio_` prefix): the one SQLite
// in the binary, reached directly for what SQLiteNIO does not offer, a prepared statement kept.
// sqlite-nio declares no product for this module; SwiftPM makes it importable as a dependency's
// C module. Should a later sqlite-nio rename it, this import is what breaks.
import VaporCSQLite

/// Writes usage batches to a SQLite file through one prepared INSERT, on a connection of its own.
///
/// SQLiteNIO prepares every statement anew and offers no prepared statement: each flush parsed
/// again a multi-row INSERT of up to 200 rows × 22 placeholders, with its text built anew for
/// every batch size. That parsing was about half of what a request's usage record cost (see
/// BENCHMARKS.md). Here the INSERT is prepared once; a batch is one transaction in which each
/// record is bound, stepped and reset.
///
/// The connection opens the store's file after the store has created and migrated it. The store
/// keeps SQLite in WAL mode, so its readers do not wait for this writer; writers wait for each
/// other (busy timeout 5 s). Every call into SQLite, opening and closing included, runs on a
/// thread of its own, one at a time: on SQLiteNIO's shared pool (two threads here) a batch waiting
/// for the store's lock could hold the thread the store needs to finish the transaction it is
/// waiting for, and on the caller's thread a wait for a lock would hold one of the concurrency
/// run-time's few threads, on which everything else in the process waits. An in-memory store
/// cannot be opened twice and keeps ``SQLiteUsageAppender``.
final class SQLiteUsageFileWriter: Sendable {
    /// The open connection and its statements; nil once closed. (Raw pointers: handed over once
    /// from the writer's thread, which opened them, then used only under the lock.)
    private struct Handles: @unchecked Sendable {
        let database: OpaquePointer
        let insert: OpaquePointer
        let begin: OpaquePointer
        let commit: OpaquePointer
        let rollback: OpaquePointer
    }

    private let handles: Mutex<Handles?>
    private let thread: NIOThreadPool
    /// Set when ``close()`` starts: appends from then on fail at once.
    private let closing = Atomic(false)

    private init(handles: sending Handles, thread: NIOThreadPool) {
        self.handles = Mutex(handles)
        self.thread = thread
    }

    /// Opens `path` (which must hold the migrated schema) and prepares the statements, on the
    /// writer's own thread.
    static func open(path: String) async throws -> SQLiteUsageFileWriter {
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        do {
            let handles = try await thread.runIfActive { try openHandles(path: path) }
            return SQLiteUsageFileWriter(handles: handles, thread: thread)
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
    }

    private static func openHandles(path: String) throws(SQLiteUsageWriteError) -> Handles {
        var database: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        let opened = sqlite_nio_sqlite3_open_v2(path, &database, flags, nil)
        guard opened == SQLITE_OK, let database else {
            let error = SQLiteUsageWriteError(database, code: opened, doing: "open \(path)")
            sqlite_nio_sqlite3_close_v2(database)
            throw error
        }
        var prepared: [OpaquePointer] = []
        do {
            try check(sqlite_nio_sqlite3_busy_timeout(database, 5000), database, "set the busy timeout")
            try check(sqlite_nio_sqlite3_exec(database, "PRAGMA synchronous=NORMAL", nil, nil, nil), database, "set synchronous")
            for sql in [insertStatement, "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"] {
                prepared.append(try prepare(sql, on: database))
            }
        } catch {
            for statement in prepared { sqlite_nio_sqlite3_finalize(statement) }
            sqlite_nio_sqlite3_close_v2(database)
            throw error
        }
        return Handles(database: database, insert: prepared[0], begin: prepared[1], commit: prepared[2], rollback: prepared[3])
    }

    /// One row's INSERT; a request id already written is skipped.
    static let insertStatement: String = {
        let columns = SQLStore.usageColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: SQLStore.usageColumns.count).joined(separator: ", ")
        return "INSERT INTO \"usage_records\" (\(columns)) VALUES (\(placeholders)) ON CONFLICT (\"request_id\") DO NOTHING"
    }()

    /// Writes `records` in one transaction, all or none, on the thread pool.
    func append(_ records: [UsageRecord]) async throws {
        guard !records.isEmpty else { return }
        // Not the handles' lock: a batch being written holds it, and this runs on the caller's thread.
        guard !closing.load(ordering: .acquiring) else { throw SQLiteUsageWriteError.closed }
        try await thread.runIfActive { try self.write(records) }
    }

    /// Finalizes the statements, closes the connection (on the writer's thread, after any batch
    /// being written) and ends the thread; later appends fail.
    func close() async {
        closing.store(true, ordering: .releasing)
        _ = try? await thread.runIfActive { self.closeHandles() }
        try? await thread.shutdownGracefully()
    }

    /// A writer dropped without ``close()`` (a store dropped half-open) still closes, where it is.
    deinit {
        if closeHandles() { thread.shutdownGracefully { _ in } }
    }

    /// True when the connection was open.
    @discardableResult
    private func closeHandles() -> Bool {
        handles.withLock { handles in
            guard let open = handles else { return false }
            for statement in [open.insert, open.begin, open.commit, open.rollback] { sqlite_nio_sqlite3_finalize(statement) }
            sqlite_nio_sqlite3_close_v2(open.database)
            handles = nil
            return true
        }
    }

    private func write(_ records: [UsageRecord]) throws(SQLiteUsageWriteError) {
        try handles.withLock { (handles) throws(SQLiteUsageWriteError) in
            guard let open = handles else { throw SQLiteUsageWriteError.closed }
            try Self.run(open.begin, open.database, "begin a transaction")
            do throws(SQLiteUsageWriteError) {
                for record in records { try Self.insert(record, with: open) }
                try Self.run(open.commit, open.database, "commit")
            } catch {
                sqlite_nio_sqlite3_step(open.rollback)
                sqlite_nio_sqlite3_reset(open.rollback)
                throw error
            }
        }
    }

    private static func insert(_ record: UsageRecord, with open: Handles) throws(SQLiteUsageWriteError) {
        let statement = open.insert
        var column: Int32 = 0
        var bound = SQLITE_OK
        SQLStore.forEachUsageValue(of: record) { value in
            column += 1
            let result: Int32
            switch value {
            case .text(var text?):
                result = text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { characters in
                        // A null pointer would bind NULL, not the empty text.
                        guard let start = characters.baseAddress, !characters.isEmpty else {
                            return sqlite_nio_sqlite3_bind_text(statement, column, "", 0, transient)
                        }
                        return sqlite_nio_sqlite3_bind_text(statement, column, start, Int32(characters.count), transient)
                    }
                }
            case .integer(let integer):
                result = sqlite_nio_sqlite3_bind_int64(statement, column, sqlite3_int64(integer))
            case .real(let real?):
                result = sqlite_nio_sqlite3_bind_double(statement, column, real)
            case .text(nil), .real(nil):
                result = sqlite_nio_sqlite3_bind_null(statement, column)
            }
            if bound == SQLITE_OK { bound = result }
        }
        try check(bound, open.database, "bind a usage record")
        try run(statement, open.database, "insert a usage record")
    }

    /// Steps a statement that returns no row, then resets it for its next use.
    private static func run(_ statement: OpaquePointer, _ database: OpaquePointer, _ doing: String) throws(SQLiteUsageWriteError) {
        let stepped = sqlite_nio_sqlite3_step(statement)
        sqlite_nio_sqlite3_reset(statement)
        guard stepped == SQLITE_DONE else { throw SQLiteUsageWriteError(database, code: stepped, doing: doing) }
    }

    private static func prepare(_ sql: String, on database: OpaquePointer) throws(SQLiteUsageWriteError) -> OpaquePointer {
        var statement: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else { throw SQLiteUsageWriteError(database, code: result, doing: "prepare \(sql)") }
        return statement
    }

    private static func check(_ result: Int32, _ database: OpaquePointer, _ doing: String) throws(SQLiteUsageWriteError) {
        guard result == SQLITE_OK else { throw SQLiteUsageWriteError(database, code: result, doing: doing) }
    }

    /// SQLite copies the bytes before the bind returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A SQLite call of the usage writer that failed: what it was doing, SQLite's code and message.
struct SQLiteUsageWriteError: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    init(_ database: OpaquePointer?, code: Int32, doing: String) {
        self.code = code
        let detail = database.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "error \(code)"
        message = "could not \(doing): \(detail)"
    }

    static var closed: SQLiteUsageWriteError { SQLiteUsageWriteError(nil, code: SQLITE_MISUSE, doing: "write to a closed usage writer") }

    var description: String { "SQLite usage writer: \(message) (code \(code))" }
}
