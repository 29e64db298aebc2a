import Synchronization
public import Foundation

/// Per-channel counters since the gateway started (requests, failures, the last error), for the
/// admin API's channel objects.
public final class ChannelStats: Sendable {
    public struct Counters: Sendable, Equatable {
        public var requests = 0
        public var failures = 0
        public var lastStatus: Int?
        public var lastError: String?
        public var lastErrorAt: Foundation.Date?
        public var lastUsedAt: Foundation.Date?
    }

    private let counters = Mutex<[String: Counters]>([:])

    public init() {}

    /// Counts one request's outcome; 4xx that the client caused are not the channel's failures,
    /// but upstream errors, timeouts and 5xx are.
    func record(channel: String, status: Int, errorCode: String?) {
        let now = Date()
        counters.withLock { counters in
            var entry = counters[channel] ?? Counters()
            entry.requests += 1
            entry.lastStatus = status
            entry.lastUsedAt = now
            if status >= 500 || errorCode == "upstream_error" || errorCode == "upstream_timeout" {
                entry.failures += 1
                entry.lastError = errorCode ?? "HTTP \(status)"
                entry.lastErrorAt = now
            }
            counters[channel] = entry
        }
    }

    /// A test request's outcome (the admin API's channel test).
    func recordTest(channel: String, error: String?) {
        guard let error else { return }
        counters.withLock { counters in
            var entry = counters[channel] ?? Counters()
            entry.lastError = error
            entry.lastErrorAt = Date()
            counters[channel] = entry
        }
    }

    public func counters(for channel: String) -> Counters {
        counters.withLock { $0[channel] ?? Counters() }
    }
}
