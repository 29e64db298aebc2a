import PostgresKit
import Logging

/// SQLKit over a PostgresNIO `PostgresClient` pool: each query leases a connection for its own
/// run, and ``withSession(_:)`` keeps one connection for a whole closure (migrations, locks).
///
/// postgres-kit serves SQLKit on single connections and on AsyncKit pools; the client pool is the
/// maintained one (one global connection limit, idle pruning, keep-alive, no assertion when dropped
/// unclosed), so this small adapter joins the two.
struct PostgresClientDatabase: SQLDatabase {
    let client: PostgresClient
    let logger: Logger

    var eventLoop: any EventLoop { PostgresClient.defaultEventLoopGroup.any() }
    var dialect: any SQLDialect { PostgresDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await runQuery(query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await runQuery(query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { connection in
            try await closure(connection.sql(queryLogLevel: queryLogLevel, logger: logger))
        }
    }

    private func runQuery(_ query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.sql(queryLogLevel: queryLogLevel, logger: logger).execute(sql: query, onRow)
        }
    }
}
