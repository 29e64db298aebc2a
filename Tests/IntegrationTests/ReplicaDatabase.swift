import Foundation
import SwitchboardStore

/// A store of its own for one replica test: a new SQLite file, or a new PostgreSQL database on the
/// test server (``PostgresScratchDatabase``), removed afterwards.
///
/// Replicas on one store act on everything in it: gateways of two tests sharing a database would
/// take each other's tasks and read each other's usage (a task ended and recorded by the other
/// test's replica; another test's record read as the last one).
enum ReplicaDatabase {
    /// Runs `body` with the URL of a fresh database on `backend` ("sqlite", or a PostgreSQL server URL).
    static func withFresh(_ backend: String, _ body: (String) async throws -> Void) async throws {
        guard backend != "sqlite" else {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("sb-replicas-\(UUID().uuidString).db").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
            try await body("sqlite://\(file)")
            return
        }
        try await PostgresScratchDatabase.with(adminURL: backend, body)
    }
}
