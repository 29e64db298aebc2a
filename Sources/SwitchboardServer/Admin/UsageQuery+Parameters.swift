public import SwitchboardCore
public import SwitchboardStore
import Foundation

extension UsageQuery {
    /// Reads a usage query from text parameters, as the admin API's query string and the
    /// `switchboard usage` options give them, so both refuse the same values with the same words.
    /// Empty values count as absent. Dates are `YYYY-MM-DD` (midnight UTC) or ISO 8601 with or
    /// without fractional seconds; `until` is exclusive.
    /// - Throws: a 400 `GatewayError` naming the parameter (`group_by`, `since`, `until`).
    public init(
        groupBy: String?, since: String?, until: String?, keyID: String? = nil, model: String? = nil,
        channel: String? = nil
    ) throws(GatewayError) {
        var grouping: UsageGrouping?
        if let groupBy = groupBy.nonEmpty {
            guard let parsed = UsageGrouping(rawValue: groupBy) else {
                let allowed = UsageGrouping.allCases.map(\.rawValue).joined(separator: ", ")
                throw GatewayError.invalidRequest(
                    "'group_by' must be one of \(allowed), not '\(groupBy)'.", param: "group_by")
            }
            grouping = parsed
        }
        let start = try Self.date(since, name: "since")
        let end = try Self.date(until, name: "until")
        if let start, let end, end < start {
            throw GatewayError.invalidRequest("'until' must not be before 'since'.", param: "until")
        }
        self.init(
            groupBy: grouping, since: start, until: end, keyID: keyID.nonEmpty, model: model.nonEmpty,
            channel: channel.nonEmpty)
    }

    private static func date(_ text: String?, name: String) throws(GatewayError) -> Date? {
        guard let text = text.nonEmpty else { return nil }
        guard let date = UTCTimestamp.parse(text) else {
            throw GatewayError.invalidRequest(
                "'\(name)' must be a date (YYYY-MM-DD) or an ISO 8601 date and time, not '\(text)'.", param: name)
        }
        return date
    }
}

extension Optional<String> {
    fileprivate var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
