import Foundation
import SQLKit

/// A PostgreSQL database made for one piece of work and dropped after it: the store's tests and
/// the replica tests each get one, so stores of two tests on one server never see each other's
/// rows (replicas on one store act on everything in it).
public enum PostgresScratchDatabase {
    /// Creates a database `sb_<random>` on the server at `adminURL`, runs `body` with its URL, and
    /// drops it (with any connection still open to it), whether `body` returns or throws.
    public static func with(adminURL: String, _ body: (String) async throws -> Void) async throws {
        let name = "sb_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        guard var components = URLComponents(string: adminURL) else {
            throw StoreError.invalidURL("'\(PostgresSettings.redacted(adminURL))' is not a PostgreSQL URL")
        }
        components.path = "/" + name
        guard let url = components.string else {
            throw StoreError.invalidURL("'\(PostgresSettings.redacted(adminURL))' is not a PostgreSQL URL")
        }
        try await SQLStore.withPostgresConnection(url: adminURL) { try await $0.raw("CREATE DATABASE \(ident: name)").run() }
        do {
            try await body(url)
        } catch {
            try? await drop(name, adminURL: adminURL)
            throw error
        }
        try await drop(name, adminURL: adminURL)
    }

    private static func drop(_ name: String, adminURL: String) async throws {
        try await SQLStore.withPostgresConnection(url: adminURL) {
            try await $0.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
        }
    }
}
