import SQLKit
import SwitchboardCore

extension SQLStore {
    /// Usage folded by the query's grouping, in one aggregate query that runs unchanged on SQLite and
    /// PostgreSQL: `created_at` is epoch milliseconds, so days and hours are integer buckets
    /// (`created_at - created_at % 3600000`, UTC) labelled here rather than with a backend's date
    /// functions. Sums are cast to `BIGINT`/`DOUBLE PRECISION` so both backends hand back the same
    /// types. No grouping gives exactly one total row (zeros when nothing matched); groups come
    /// oldest first for days and hours, by name otherwise (records without a value last).
    public func usageSummary(_ query: UsageQuery) async throws -> [UsageAggregate] {
        let select = database.select()
        let group = query.groupBy.map(Self.groupExpression)
        if let group {
            select.column(group, as: "usage_group").groupBy(group)
        }
        for (expression, alias) in Self.aggregateColumns {
            select.column(expression, as: alias)
        }
        select.from("usage_records")
        Self.filter(select, by: query)
        let aggregates = try await select.all().map { row in
            try Self.aggregate(from: row, grouping: query.groupBy)
        }
        return aggregates.sorted { $0.order < $1.order }.map(\.aggregate)
    }

    /// Matching records newest first (ties broken by request id), `limit` at most. `before` is the
    /// request id of the last record of the previous page; the page continues strictly after it in
    /// that order, so records written meanwhile never shift or repeat a page.
    /// - Throws: `UsageQueryError.unknownCursor` when `before` names no record.
    public func usageRecords(_ query: UsageQuery, limit: Int, before: String?) async throws -> [UsageRecord] {
        let select = database.select().columns(Self.usageColumns).from("usage_records")
        Self.filter(select, by: query)
        if let before {
            guard let createdAt = try await database.select().column("created_at").from("usage_records")
                .where("request_id", .equal, SQLBind(before))
                .first(decodingColumn: "created_at", as: Int64.self)
            else { throw UsageQueryError.unknownCursor(before) }
            select.where(group: { older in
                older.where("created_at", .lessThan, SQLBind(createdAt)).orWhere(group: { sameInstant in
                    sameInstant.where("created_at", .equal, SQLBind(createdAt))
                        .where("request_id", .lessThan, SQLBind(before))
                })
            })
        }
        return try await select
            .orderBy("created_at", .descending).orderBy("request_id", .descending)
            .limit(max(0, limit))
            .all(decoding: UsageRow.self).map(\.record)
    }

    // MARK: - Query pieces

    private static let hourMilliseconds: Int64 = 3_600_000
    private static let dayMilliseconds: Int64 = 86_400_000

    /// The grouped column or bucket. Bucket sizes are literals, not binds: PostgreSQL matches a
    /// `GROUP BY` expression to the selected one by its text, and two binds are two parameters.
    private static func groupExpression(_ grouping: UsageGrouping) -> any SQLExpression {
        switch grouping {
        case .key: SQLColumn("key_id")
        case .model: SQLColumn("model")
        case .channel: SQLColumn("channel")
        case .day: bucket(dayMilliseconds)
        case .hour: bucket(hourMilliseconds)
        }
    }

    private static func bucket(_ size: Int64) -> SQLQueryString {
        "(\(ident: "created_at") - \(ident: "created_at") % \(literal: size))"
    }

    private static let aggregateColumns: [(SQLQueryString, String)] = [
        ("CAST(COUNT(*) AS BIGINT)", "requests"),
        ("CAST(COALESCE(SUM(CASE WHEN \(ident: "status") >= \(literal: 400) THEN 1 ELSE 0 END), 0) AS BIGINT)",
         "failed_requests"),
        sum("prompt_tokens"), sum("completion_tokens"), sum("cached_tokens"), sum("cache_write_tokens"),
        sum("reasoning_tokens"),
        ("CAST(COALESCE(SUM(\(ident: "cost_usd")), 0) AS DOUBLE PRECISION)", "cost_usd"),
        ("CAST(COALESCE(AVG(\(ident: "latency_ms")), 0) AS DOUBLE PRECISION)", "avg_latency_ms"),
    ]

    private static func sum(_ column: String) -> (SQLQueryString, String) {
        ("CAST(COALESCE(SUM(\(ident: column)), 0) AS BIGINT)", column)
    }

    /// The query's time window and filters, every value bound.
    private static func filter(_ select: SQLSelectBuilder, by query: UsageQuery) {
        if let since = query.since {
            select.where("created_at", .greaterThanOrEqual, SQLBind(since.milliseconds))
        }
        if let until = query.until {
            select.where("created_at", .lessThan, SQLBind(until.milliseconds))
        }
        for (column, value) in [("key_id", query.keyID), ("model", query.model), ("channel", query.channel)] {
            if let value { select.where(column, .equal, SQLBind(value)) }
        }
    }

    /// Sort position of a group: buckets by time, names alphabetically, missing values last, so
    /// the order is the same on every backend (they disagree on where NULL sorts).
    private enum GroupOrder: Comparable {
        case time(Int64)
        case name(String)
        case none
    }

    private static func aggregate(
        from row: any SQLRow, grouping: UsageGrouping?
    ) throws -> (aggregate: UsageAggregate, order: GroupOrder) {
        let group: String?
        let order: GroupOrder
        switch grouping {
        case .day, .hour:
            let bucket = try row.decode(column: "usage_group", as: Int64.self)
            group = grouping == .day
                ? UTCTimestamp.day(milliseconds: bucket) : UTCTimestamp.dateTime(milliseconds: bucket)
            order = .time(bucket)
        case .key, .model, .channel:
            group = try row.decode(column: "usage_group", as: String?.self)
            order = group.map(GroupOrder.name) ?? .none
        case nil:
            group = nil
            order = .none
        }
        let usage = Usage(
            promptTokens: try row.decode(column: "prompt_tokens", as: Int.self),
            completionTokens: try row.decode(column: "completion_tokens", as: Int.self),
            cachedTokens: try row.decode(column: "cached_tokens", as: Int.self),
            cacheWriteTokens: try row.decode(column: "cache_write_tokens", as: Int.self),
            reasoningTokens: try row.decode(column: "reasoning_tokens", as: Int.self))
        let aggregate = UsageAggregate(
            group: group, requests: try row.decode(column: "requests", as: Int.self),
            failedRequests: try row.decode(column: "failed_requests", as: Int.self), usage: usage,
            costUSD: try row.decode(column: "cost_usd", as: Double.self),
            averageLatencyMilliseconds: try row.decode(column: "avg_latency_ms", as: Double.self))
        return (aggregate, order)
    }
}
