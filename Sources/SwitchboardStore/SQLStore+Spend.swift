import SQLKit
import Foundation

extension SQLStore: SpendStore {
    /// Adds each delta to its key's spend in one statement per delta (an upsert that adds, so
    /// replicas never overwrite each other's spend).
    public func addSpend(_ deltas: [SpendDelta]) async throws {
        let now = Date().milliseconds
        for delta in deltas where delta.amountUSD != 0 {
            try await database.insert(into: "key_spend")
                .columns("key_id", "period_start", "spent_usd", "updated_at")
                .values(SQLBind(delta.keyID), SQLBind(delta.periodStart), SQLBind(delta.amountUSD), SQLBind(now))
                .onConflict(with: ["key_id", "period_start"]) { update in
                    update.set("spent_usd", to: SQLBinaryExpression(
                        SQLColumn("spent_usd", table: "key_spend"), .add, SQLExcludedColumn("spent_usd")))
                        .set(excludedValueOf: "updated_at")
                }
                .run()
        }
    }

    public func spend(since periodStarts: [String: Int64]) async throws -> [String: Double] {
        guard !periodStarts.isEmpty else { return [:] }
        let rows = try await database.select().columns("key_id", "period_start", "spent_usd").from("key_spend")
            .where("key_id", .in, SQLBind.group(Array(periodStarts.keys)))
            .all()
        var spent: [String: Double] = [:]
        for row in rows {
            let keyID = try row.decode(column: "key_id", as: String.self)
            let start = try row.decode(column: "period_start", as: Int64.self)
            guard periodStarts[keyID] == start else { continue }
            spent[keyID, default: 0] += try row.decode(column: "spent_usd", as: Double.self)
        }
        return spent
    }
}
