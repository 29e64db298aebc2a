import SQLKit

extension SQLStore {
    /// Counts every change to a kind of hot data (`keys`, `channels`), so each gateway replica can
    /// tell with one tiny query whether it must reload it.
    func bumpRevision(_ name: String) async throws {
        try await database.update("store_revisions")
            .set("revision", to: SQLBinaryExpression(SQLIdentifier("revision"), .add, SQLLiteral.numeric("1")))
            .where("name", .equal, SQLBind(name))
            .run()
    }

    func revision(_ name: String) async throws -> Int64 {
        try await database.select().column("revision").from("store_revisions").where("name", .equal, SQLBind(name))
            .first(decodingColumn: "revision", as: Int64.self) ?? 0
    }
}
