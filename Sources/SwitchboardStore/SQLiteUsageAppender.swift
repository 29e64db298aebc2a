import SQLiteNIO
import SwitchboardCore

/// Writes usage batches to an in-memory SQLite store with the row values handed over as `SQLiteData`
/// (a file store has ``SQLiteUsageFileWriter``, which a second connection to memory cannot be).
///
/// Usage records are the gateway's one write per request. Through SQLKit, each of a row's 22
/// values went through `SQLBind` and SQLiteKit's encoder (a dynamic cast, and an `Encoder` for every
/// optional), about 5 % of a relayed request's CPU in `bench/`. The statement is the one the SQLKit
/// path builds for PostgreSQL (same columns, 200 rows at most, a request id already written is
/// skipped); only the binding differs.
struct SQLiteUsageAppender: Sendable {
    let connection: SQLiteConnection

    func append(_ records: [UsageRecord]) async throws {
        for start in stride(from: 0, to: records.count, by: SQLStore.usageRowsPerStatement) {
            let batch = records[start..<min(start + SQLStore.usageRowsPerStatement, records.count)]
            var binds: [SQLiteData] = []
            binds.reserveCapacity(batch.count * SQLStore.usageColumns.count)
            for record in batch { Self.appendBinds(of: record, to: &binds) }
            let statement = batch.count == SQLStore.usageRowsPerStatement ? Self.fullStatement : Self.statement(rows: batch.count)
            _ = try await connection.query(statement, binds)
        }
    }

    private static let fullStatement = statement(rows: SQLStore.usageRowsPerStatement)

    static func statement(rows: Int) -> String {
        let columns = SQLStore.usageColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        let row = "(" + Array(repeating: "?", count: SQLStore.usageColumns.count).joined(separator: ", ") + ")"
        let values = Array(repeating: row, count: rows).joined(separator: ", ")
        return "INSERT INTO \"usage_records\" (\(columns)) VALUES \(values) ON CONFLICT (\"request_id\") DO NOTHING"
    }

    /// The values in `SQLStore.usageColumns` order.
    static func appendBinds(of record: UsageRecord, to binds: inout [SQLiteData]) {
        SQLStore.forEachUsageValue(of: record) { value in
            switch value {
            case .text(let text): binds.append(text.map(SQLiteData.text) ?? .null)
            case .integer(let integer): binds.append(.integer(integer))
            case .real(let real): binds.append(real.map(SQLiteData.float) ?? .null)
            }
        }
    }
}
