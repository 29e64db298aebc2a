/// How the gateway retries a request that failed before any response went out (`retries:` in the
/// config): how many tries per model, the backoff before trying the same channel again, and the
/// longest upstream `Retry-After` worth waiting for.
public struct RetryPolicy: Sendable, Equatable {
    /// Tries per model (at least one per channel of the model; channels are cycled up to this).
    public var attempts: Int
    /// First backoff before a channel is tried again; doubles each time, with ±50% jitter.
    public var backoff: Duration
    public var maxBackoff: Duration
    /// An upstream asking to wait longer than this is not retried (another channel may be).
    public var maxRetryAfter: Duration

    public init(
        attempts: Int = 3, backoff: Duration = .milliseconds(50), maxBackoff: Duration = .seconds(2),
        maxRetryAfter: Duration = .seconds(10)
    ) {
        self.attempts = attempts
        self.backoff = backoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
    }

    /// The wait before the `retry`-th try of the same channel (1 = the first retry), honouring the
    /// upstream's `Retry-After` (seconds); nil when the upstream asks for longer than `maxRetryAfter`.
    func delay(retry: Int, retryAfter: Int?) -> Duration? {
        if let retryAfter {
            let asked = Duration.seconds(retryAfter)
            return asked > maxRetryAfter ? nil : asked
        }
        var wait = backoff
        for _ in 1..<max(1, retry) where wait < maxBackoff { wait *= 2 }
        wait = min(wait, maxBackoff)
        return wait * Double.random(in: 0.5...1.5)
    }
}
