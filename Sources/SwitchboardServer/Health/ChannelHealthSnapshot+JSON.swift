import Foundation
public import SwitchboardCore
import SwitchboardStore

extension ChannelHealthSnapshot {
    /// The `health` member of an admin channel object: state, the disable, the last error, and
    /// each model's breaker with its counters; dates in UTC ISO 8601, durations in seconds.
    public var json: JSONValue {
        .object([
            "state": .string(state.rawValue),
            "disabled_error": disabledError.map(JSONValue.string) ?? .null,
            "disabled_at": Self.json(disabledAt),
            "last_error": lastError.map(JSONValue.string) ?? .null,
            "last_error_at": Self.json(lastErrorAt),
            "models": .array(models.map(\.json)),
        ])
    }

    static func json(_ date: Date?) -> JSONValue {
        date.map { .string(UTCTimestamp.string(from: $0)) } ?? .null
    }
}

extension ModelHealthSnapshot {
    /// One model of `ChannelHealthSnapshot.json`.
    public var json: JSONValue {
        .object([
            "model": .string(model),
            "state": .string(state.rawValue),
            "consecutive_failures": .int(consecutiveFailures),
            "window_requests": .int(windowRequests),
            "window_failures": .int(windowFailures),
            "requests": .int(totalRequests),
            "failures": .int(totalFailures),
            "last_error": lastError.map(JSONValue.string) ?? .null,
            "last_error_at": ChannelHealthSnapshot.json(lastErrorAt),
            "opened_at": ChannelHealthSnapshot.json(openedAt),
            "next_attempt_at": ChannelHealthSnapshot.json(nextAttemptAt),
            "cooldown_seconds": .double(BreakerClock.seconds(cooldown)),
        ])
    }
}
