import PostgresKit
import Logging
import Foundation

extension SQLStore {
    /// The most connections one gateway process opens to PostgreSQL (replicas multiply it).
    static let postgresMaxConnections = 8

    /// Migrates on one dedicated connection (which also fails fast with the server's own reason
    /// when the URL is wrong), then serves queries from a `PostgresClient` pool.
    static func openPostgres(url: String, logger: Logger) async throws -> SQLStore {
        let settings = try PostgresSettings(url: url)
        try await withPostgresConnection(settings, url: url, logger: logger) { try await Migrations.run(on: $0) }

        var configuration = settings.clientConfiguration
        configuration.options.maximumConnections = postgresMaxConnections
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let runner = PostgresClientRunner(client: client)
        return SQLStore(database: PostgresClientDatabase(client: client, logger: logger), close: { await runner.stop() })
    }

    /// Runs `body` on one new connection to the database at `url`, closed afterwards: for statements
    /// that need no store, such as a test's `CREATE DATABASE`.
    static func withPostgresConnection<R>(
        url: String, logger: Logger = Logger(label: "switchboard.store"),
        _ body: (any SQLDatabase) async throws -> R
    ) async throws -> R {
        try await withPostgresConnection(try PostgresSettings(url: url), url: url, logger: logger, body)
    }

    private static func withPostgresConnection<R>(
        _ settings: PostgresSettings, url: String, logger: Logger, _ body: (any SQLDatabase) async throws -> R
    ) async throws -> R {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try settings.connectionConfiguration(), id: 0, logger: logger)
        } catch {
            throw DatabaseConnectionError(url: url, underlying: error)
        }
        let result: R
        do {
            result = try await body(connection.sql())
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        return result
    }
}

/// Runs a `PostgresClient`'s background work until the store closes; dropped without closing,
/// it still stops the client, so no pool outlives its store.
final class PostgresClientRunner: Sendable {
    private let task: Task<Void, Never>

    init(client: PostgresClient) {
        // Started at once, so the client is running before the store's first query leases a
        // connection (PostgresNIO warns about a lease that comes first).
        if #available(macOS 26, *) {
            task = Task.immediate { await client.run() }
        } else {
            task = Task { await client.run() }
        }
    }

    /// Shuts the pool down (open connections are closed) and waits until it has.
    func stop() async {
        task.cancel()
        await task.value
    }

    deinit { task.cancel() }
}
