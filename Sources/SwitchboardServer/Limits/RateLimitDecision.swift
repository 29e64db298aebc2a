/// The limiter's answer to one request: go ahead with a permit to settle later, or a 429.
public enum RateLimitDecision: Sendable, Equatable {
    case admitted(RateLimitPermit)
    case rejected(RateLimitRejection)
}

/// Proof that a request was admitted, handed back to `RateLimiter.settle` when it ends.
///
/// It records what admission took (one request, the token estimate, maybe a concurrency slot) so
/// that settling can give back the slot and correct the estimate. Settle (or cancel) each permit
/// exactly once; a second settle of the same permit is ignored.
public struct RateLimitPermit: Sendable, Equatable {
    /// The bucket the request was counted against.
    public let bucket: String
    /// The tokens charged at admission (never negative).
    public let estimatedTokens: Int
    /// Whether the permit occupies one of the bucket's `maxConcurrency` slots until settled.
    public let holdsConcurrencySlot: Bool
    /// The bucket right after admission, for the response headers.
    public let snapshot: RateLimitSnapshot
    /// Identifies the permit in the limiter so it settles once; 0 for unlimited buckets.
    let ticket: UInt64

    init(bucket: String, estimatedTokens: Int, holdsConcurrencySlot: Bool, snapshot: RateLimitSnapshot, ticket: UInt64) {
        self.bucket = bucket
        self.estimatedTokens = estimatedTokens
        self.holdsConcurrencySlot = holdsConcurrencySlot
        self.snapshot = snapshot
        self.ticket = ticket
    }
}
