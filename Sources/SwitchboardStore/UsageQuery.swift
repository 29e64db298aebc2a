public import SwitchboardCore
public import Foundation

/// Which usage records an operator asks about and how to fold them: the admin API's and the CLI's
/// `group_by`, `since`, `until` and filters, in one value the store turns into a single SQL query.
public struct UsageQuery: Sendable, Equatable {
    /// How rows are grouped; nil folds every matching record into one total row.
    public var groupBy: UsageGrouping?
    /// Records created at or after this instant.
    public var since: Date?
    /// Records created before this instant (exclusive, so consecutive windows never overlap).
    public var until: Date?
    public var keyID: String?
    public var model: String?
    public var channel: String?

    public init(
        groupBy: UsageGrouping? = nil, since: Date? = nil, until: Date? = nil, keyID: String? = nil,
        model: String? = nil, channel: String? = nil
    ) {
        self.groupBy = groupBy
        self.since = since
        self.until = until
        self.keyID = keyID
        self.model = model
        self.channel = channel
    }
}

/// The dimensions usage can be grouped by; raw values are the admin API's `group_by` values.
public enum UsageGrouping: String, Sendable, CaseIterable {
    case key
    case model
    case channel
    /// UTC calendar days, labelled `2026-11-29`.
    case day
    /// UTC hours, labelled `2026-11-29T13:00:00Z`.
    case hour
}

/// Usage folded over one group (or over everything): what operators read to see who spent what.
public struct UsageAggregate: Sendable, Equatable {
    /// The key id, model, channel, day or hour; nil for the total row and for records that have no
    /// value in the grouped column (a request rejected before it had a key or a channel).
    public var group: String?
    public var requests: Int
    /// Requests answered with a status of 400 or above.
    public var failedRequests: Int
    public var usage: Usage
    public var costUSD: Double
    public var averageLatencyMilliseconds: Double

    public init(
        group: String?, requests: Int, failedRequests: Int, usage: Usage, costUSD: Double,
        averageLatencyMilliseconds: Double
    ) {
        self.group = group
        self.requests = requests
        self.failedRequests = failedRequests
        self.usage = usage
        self.costUSD = costUSD
        self.averageLatencyMilliseconds = averageLatencyMilliseconds
    }

    public var totalTokens: Int { usage.totalTokens }
}

/// A failure to answer a usage query the caller can fix.
public enum UsageQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `before` cursor names no usage record.
    case unknownCursor(String)

    public var description: String {
        switch self {
        case .unknownCursor(let id): "no usage record with request id '\(id)'"
        }
    }
}
