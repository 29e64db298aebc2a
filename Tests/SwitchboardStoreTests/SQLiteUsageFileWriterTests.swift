import Testing
import Foundation
import SwitchboardCore
@testable import SwitchboardStore

/// The prepared-statement usage writer of SQLite files: what its binds must keep exactly, and that
/// it shares the file with the store's own connection.
@Suite("SQLite file usage writer")
struct SQLiteUsageFileWriterTests {
    static func record(_ id: String, model: String = "m", keyID: String? = nil, channel: String? = nil) -> UsageRecord {
        // On a whole millisecond, as stored.
        UsageRecord(requestID: id, createdAt: Date(timeIntervalSince1970: 1_796_000_000.125), keyID: keyID,
                    endpoint: "chat.completions", model: model, channel: channel, status: 200, latencyMilliseconds: 1, streamed: false)
    }

    @Test func emptyTextStaysEmptyAndEveryByteOfTextIsKept() async throws {
        try await StoreBackend.sqliteFile.withStore { store in
            // An empty text is bound from no bytes at all: it must not become NULL. Text that is
            // not ASCII keeps its bytes, and a NUL byte does not end it (SQLiteNIO's reads stop at
            // one, so its length is checked in SQL).
            let records = [
                Self.record("req_empty", model: "", keyID: "", channel: ""),
                Self.record("req_wide", model: "模型-🚀-é"),
            ]
            try await store.append(records + [Self.record("req_nul", model: "a\u{0}b")])
            let stored = try await store.recentUsage(limit: 10)
            for record in records {
                #expect(stored.first { $0.requestID == record.requestID } == record)
            }
            let nulls = try await store.database.raw("SELECT COUNT(*) AS n FROM usage_records WHERE key_id IS NULL").first()
            #expect(try nulls?.decode(column: "n", as: Int.self) == 2)
            let length = try await store.database
                .raw("SELECT length(CAST(model AS BLOB)) AS n FROM usage_records WHERE request_id = 'req_nul'").first()
            #expect(try length?.decode(column: "n", as: Int.self) == 3)
        }
    }

    @Test func recordsAreInTheFileForTheNextOpening() async throws {
        try await StoreBackend.sqliteFile.withFreshLocation { location in
            let first = try await SQLStore.open(location)
            try await first.append((0..<3).map { Self.record("req_\($0)") })
            await first.close()
            let second = try await SQLStore.open(location)
            #expect(try await second.recentUsage(limit: 10).count == 3)
            try await second.append([Self.record("req_1"), Self.record("req_3")])
            #expect(try await second.recentUsage(limit: 10).count == 4)
            await second.close()
        }
    }

    /// The writer's connection and the store's write the same file at once: each waits for the
    /// other's lock instead of failing.
    @Test func writesWhileTheStoreWritesKeysAllLand() async throws {
        try await StoreBackend.sqliteFile.withStore { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for batch in 0..<20 {
                    group.addTask { try await store.append((0..<50).map { Self.record("req_\(batch)_\($0)") }) }
                    group.addTask { _ = try await store.createKey(NewClientKey(name: "key \(batch)")) }
                }
                try await group.waitForAll()
            }
            #expect(try await store.recentUsage(limit: 2000).count == 1000)
            #expect(try await store.listKeys().count == 20)
        }
    }

    @Test func aClosedWriterRefusesWithAnErrorInsteadOfCrashing() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sb-writer-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try await SQLStore.open(.sqliteFile(path: path))
        let writer = try await SQLiteUsageFileWriter.open(path: path)
        await writer.close()
        await #expect(throws: SQLiteUsageWriteError.self) { try await writer.append([Self.record("req_late")]) }
        await store.close()
    }

    @Test func aFileWithoutTheSchemaIsRefusedAtOpening() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sb-bare-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let error = await #expect(throws: SQLiteUsageWriteError.self) { try await SQLiteUsageFileWriter.open(path: path) }
        #expect(error?.message.contains("usage_records") == true)
    }
}
