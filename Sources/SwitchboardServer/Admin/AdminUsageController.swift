import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardStore

/// `GET /admin/v1/usage`, `GET /admin/v1/usage.csv` and `GET /admin/v1/usage/records`: what the
/// gateway served, folded by key, model, channel, day or hour, or listed request by request.
///
/// Mounted by the caller on a group that already checks the admin key; this adds no auth.
struct AdminUsageController {
    let store: SQLStore

    static let defaultRecordLimit = 100
    static let maximumRecordLimit = 1000

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.get("usage", use: summary)
        group.get("usage.csv", use: csv)
        group.get("usage/records", use: records)
    }

    /// `?group_by=key|model|channel|day|hour&since=&until=&key_id=&model=&channel=` as a JSON list.
    @Sendable func summary(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let aggregates = try await store.usageSummary(try Self.query(request))
        return .json(.object(["object": .string("list"), "data": .array(aggregates.map(\.json))]))
    }

    /// The same rows as `summary`, as RFC 4180 CSV.
    @Sendable func csv(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let aggregates = try await store.usageSummary(try Self.query(request))
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: UsageCSV.render(aggregates))))
    }

    /// One record per request, newest first, `limit` (default 100, at most 1000) per page; the next
    /// page is `?before=<last request_id>` while `has_more` is true.
    @Sendable func records(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let limit = try Self.limit(parameters.get("limit"))
        let before = parameters.get("before").flatMap { $0.isEmpty ? nil : $0 }
        let page: [UsageRecord]
        do {
            page = try await store.usageRecords(try Self.query(request), limit: limit + 1, before: before)
        } catch let error as UsageQueryError {
            throw GatewayError.invalidRequest("'before' names no usage record: \(error).", param: "before")
        }
        let shown = page.prefix(limit)
        return .json(.object([
            "object": .string("list"),
            "data": .array(shown.map(\.json)),
            "has_more": .bool(page.count > limit),
            "first_id": shown.first.map { .string($0.requestID) } ?? .null,
            "last_id": shown.last.map { .string($0.requestID) } ?? .null,
        ]))
    }

    private static func query(_ request: Request) throws(GatewayError) -> UsageQuery {
        let parameters = request.uri.queryParameters
        return try UsageQuery(
            groupBy: parameters.get("group_by"), since: parameters.get("since"), until: parameters.get("until"),
            keyID: parameters.get("key_id"), model: parameters.get("model"), channel: parameters.get("channel"))
    }

    private static func limit(_ text: String?) throws(GatewayError) -> Int {
        guard let text, !text.isEmpty else { return defaultRecordLimit }
        guard let limit = Int(text), (1...maximumRecordLimit).contains(limit) else {
            throw GatewayError.invalidRequest(
                "'limit' must be an integer from 1 to \(maximumRecordLimit), not '\(text)'.", param: "limit")
        }
        return limit
    }
}
