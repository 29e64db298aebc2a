/// Where a bucket stands after a decision, for the rate-limit headers of the response.
///
/// `requests` and `tokens` are nil when that limit is not set.
public struct RateLimitSnapshot: Sendable, Equatable {
    /// One per-minute limit: its size, what is left of it, and how long until it is full again.
    public struct Window: Sendable, Equatable {
        /// Requests or tokens per minute.
        public var limit: Int
        /// Whole requests or tokens available now; never negative, even while tokens are in debt.
        public var remaining: Int
        /// Time until the window is back to `limit` if nothing more is used.
        public var resetsIn: Duration

        public init(limit: Int, remaining: Int, resetsIn: Duration) {
            self.limit = limit
            self.remaining = remaining
            self.resetsIn = resetsIn
        }
    }

    public var requests: Window?
    public var tokens: Window?

    public init(requests: Window? = nil, tokens: Window? = nil) {
        self.requests = requests
        self.tokens = tokens
    }

    /// The snapshot of a bucket without per-minute limits.
    public static let unlimited = RateLimitSnapshot()
}
