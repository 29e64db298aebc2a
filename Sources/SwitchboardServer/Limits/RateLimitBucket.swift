/// The state of one bucket (a key, or a key and model): its request and token buckets, its
/// concurrency slots, and how many permits are out. A plain value, changed under the limiter's lock.
struct RateLimitBucket: Sendable {
    /// What admission found: the slot it took and the bucket after it, or why it refused.
    enum Admission {
        case admitted(holdsSlot: Bool, RateLimitSnapshot)
        case rejected(RateLimitRejection)
    }

    /// The time refills were last counted up to.
    private var refilledUntil: ContinuousClock.Instant
    private var requests: MinuteBucket?
    private var tokens: MinuteBucket?
    private var maxConcurrency: Int?
    private var slotsInUse = 0
    /// Permits admitted and not yet settled; the bucket is kept while any are out.
    private(set) var permitsOut = 0

    init(now: ContinuousClock.Instant) {
        self.refilledUntil = now
    }

    /// Admits a request when every limit allows it, consuming from all of them; consumes nothing
    /// when any refuses.
    mutating func admit(_ limits: RateLimits, estimatedTokens: Int64, now: ContinuousClock.Instant) -> Admission {
        configure(limits)
        refill(until: now)
        var refusal: (limit: RateLimitRejection.Limit, wait: Duration, limitValue: Int, used: Int, requested: Int)?
        func refuse(_ limit: RateLimitRejection.Limit, _ wait: Duration, _ limitValue: Int, _ used: Int, _ requested: Int) {
            if let current = refusal, current.wait >= wait { return }
            refusal = (limit, wait, limitValue, used, requested)
        }
        if let requests, requests.available < MinuteBucket.unitsPerToken {
            let wait = requests.microseconds(until: MinuteBucket.unitsPerToken)
            refuse(.requests, .microseconds(wait), Int(requests.limit), requests.used, 1)
        }
        if let tokens {
            let needed = min(estimatedTokens, tokens.limit) * MinuteBucket.unitsPerToken
            if tokens.available < needed {
                refuse(.tokens, .microseconds(tokens.microseconds(until: needed)), Int(tokens.limit), tokens.used, Int(estimatedTokens))
            }
        }
        if let maxConcurrency, slotsInUse >= maxConcurrency {
            refuse(.concurrency, .seconds(1), maxConcurrency, slotsInUse, 1)
        }
        if let refusal {
            return .rejected(RateLimitRejection(
                limit: refusal.limit, retryAfter: refusal.wait, limitValue: refusal.limitValue, used: refusal.used,
                requested: refusal.requested, snapshot: snapshot))
        }
        requests?.take(1)
        tokens?.take(estimatedTokens)
        let holdsSlot = maxConcurrency != nil
        if holdsSlot { slotsInUse += 1 }
        permitsOut += 1
        return .admitted(holdsSlot: holdsSlot, snapshot)
    }

    /// Ends a permit: frees its slot and charges the tokens it really used instead of the estimate
    /// (`actualTokens` nil keeps the estimate). `refund` gives back the request and every token, as
    /// if the request had never been admitted.
    mutating func settle(
        holdsSlot: Bool, estimatedTokens: Int64, actualTokens: Int?, refund: Bool, now: ContinuousClock.Instant
    ) {
        refill(until: now)
        permitsOut = max(0, permitsOut - 1)
        if holdsSlot { slotsInUse = max(0, slotsInUse - 1) }
        if refund {
            requests?.giveBack(1)
            tokens?.giveBack(estimatedTokens)
        } else if let actualTokens {
            let correction = MinuteBucket.clamped(actualTokens) - estimatedTokens
            if correction > 0 { tokens?.take(correction) } else { tokens?.giveBack(-correction) }
        }
    }

    /// Nothing in flight and every limit full again by `now`: the bucket holds nothing a fresh one
    /// would not, so it can go.
    func isIdle(at now: ContinuousClock.Instant) -> Bool {
        guard permitsOut == 0 else { return false }
        var copy = self
        copy.refill(until: now)
        return (copy.requests?.isFull ?? true) && (copy.tokens?.isFull ?? true)
    }

    var snapshot: RateLimitSnapshot {
        RateLimitSnapshot(requests: requests?.window, tokens: tokens?.window)
    }

    /// Follows the key's current limits; a limit just set starts full.
    private mutating func configure(_ limits: RateLimits) {
        Self.follow(&requests, limits.effectiveRPM)
        Self.follow(&tokens, limits.effectiveTPM)
        maxConcurrency = limits.effectiveMaxConcurrency
    }

    private static func follow(_ bucket: inout MinuteBucket?, _ limit: Int?) {
        guard let limit else {
            bucket = nil
            return
        }
        if bucket == nil { bucket = MinuteBucket(limit: limit) } else { bucket?.resize(to: limit) }
    }

    private mutating func refill(until now: ContinuousClock.Instant) {
        let elapsed = now - refilledUntil
        guard elapsed > .zero else { return }
        let (seconds, attoseconds) = elapsed.components
        let microseconds = min(seconds, 1_000_000_000) * 1_000_000 + attoseconds / 1_000_000_000_000
        guard microseconds > 0 else { return }
        requests?.refill(microseconds: microseconds)
        tokens?.refill(microseconds: microseconds)
        refilledUntil = refilledUntil.advanced(by: .microseconds(microseconds))
    }
}
