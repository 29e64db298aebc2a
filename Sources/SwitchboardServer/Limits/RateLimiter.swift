import Synchronization

/// Enforces each client key's requests per minute, tokens per minute and concurrent requests
/// inside this gateway process, before a request goes upstream.
///
/// Every limit is a token bucket that holds one minute's worth and refills continuously, so a
/// client may burst up to its limit and then proceeds at the limit's pace. Tokens are charged at
/// admission by estimate and corrected when the request settles with the real usage; usage beyond
/// the estimate becomes debt that the refill pays back before the bucket admits again. A request
/// bigger than the whole per-minute token limit still passes on a full bucket, and then waits out
/// its debt. A rejected request consumes nothing.
///
/// Every admitted permit must be settled (or cancelled) exactly once, when the request ends,
/// whether it succeeded or not; until then it holds its concurrency slot and keeps its bucket in
/// memory. A second settle of the same permit is ignored. Buckets that are full with nothing in
/// flight are dropped whenever the table reaches `evictionThreshold`, so memory follows the keys in
/// use, not every key ever seen.
///
/// All state sits behind one mutex; admit and settle are a hash lookup and a few integer steps,
/// and allocate only when a bucket is first used.
public final class RateLimiter: Sendable {
    private struct State {
        var buckets: [String: RateLimitBucket] = [:]
        /// Tickets of permits admitted and not yet settled.
        var outstanding: Set<UInt64> = []
        var nextTicket: UInt64 = 1
        /// Sweep idle buckets before the table grows past this.
        var sweepAt: Int
    }

    private let state: Mutex<State>
    private let evictionThreshold: Int

    /// - Parameter evictionThreshold: the table size at which idle buckets are swept; after a
    ///   sweep the next one comes at twice the buckets still in use (never below this).
    public init(evictionThreshold: Int = 1024) {
        self.evictionThreshold = max(1, evictionThreshold)
        self.state = Mutex(State(sweepAt: max(1, evictionThreshold)))
    }

    /// Counts a request against `bucket` when all its `limits` allow it.
    ///
    /// - Parameters:
    ///   - bucket: what the limits apply to: a key's id, or a key's id and a model for per-model limits.
    ///   - limits: the bucket's current limits; a change takes effect at once, keeping what is used.
    ///   - estimatedTokens: tokens the request is expected to use (prompt plus maximum output).
    public func admit(
        _ bucket: String, limits: RateLimits, estimatedTokens: Int, now: ContinuousClock.Instant = .now
    ) -> RateLimitDecision {
        let estimate = MinuteBucket.clamped(estimatedTokens)
        guard !limits.isUnlimited else {
            return .admitted(RateLimitPermit(
                bucket: bucket, estimatedTokens: Int(estimate), holdsConcurrencySlot: false, snapshot: .unlimited, ticket: 0))
        }
        return state.withLock { state in
            var index = state.buckets.index(forKey: bucket)
            if index == nil {
                if state.buckets.count >= state.sweepAt {
                    Self.sweep(&state, now: now, threshold: evictionThreshold)
                }
                state.buckets[bucket] = RateLimitBucket(now: now)
                index = state.buckets.index(forKey: bucket)
            }
            switch state.buckets.values[index!].admit(limits, estimatedTokens: estimate, now: now) {
            case .rejected(let rejection):
                return .rejected(rejection)
            case .admitted(let holdsSlot, let snapshot):
                let ticket = state.nextTicket
                state.nextTicket += 1
                state.outstanding.insert(ticket)
                return .admitted(RateLimitPermit(
                    bucket: bucket, estimatedTokens: Int(estimate), holdsConcurrencySlot: holdsSlot, snapshot: snapshot,
                    ticket: ticket))
            }
        }
    }

    /// Ends an admitted request: frees its concurrency slot and corrects the tokens charged by
    /// `actualTokens - estimatedTokens` (nil keeps the estimate). Call exactly once per permit;
    /// later calls for the same permit do nothing.
    public func settle(_ permit: RateLimitPermit, actualTokens: Int?, now: ContinuousClock.Instant = .now) {
        release(permit, actualTokens: actualTokens, refund: false, now: now)
    }

    /// Ends an admitted request that never reached an upstream (another limit refused it, or it
    /// failed validation): gives back its request, its tokens and its slot, as if it had never been
    /// admitted. Use instead of `settle`, never after it.
    public func cancel(_ permit: RateLimitPermit, now: ContinuousClock.Instant = .now) {
        release(permit, actualTokens: nil, refund: true, now: now)
    }

    /// The buckets held now (for tests and metrics).
    public var bucketCount: Int {
        state.withLock { $0.buckets.count }
    }

    /// Drops every bucket that is full with nothing in flight at `now`.
    public func evictIdleBuckets(now: ContinuousClock.Instant = .now) {
        state.withLock { Self.sweep(&$0, now: now, threshold: evictionThreshold) }
    }

    private func release(_ permit: RateLimitPermit, actualTokens: Int?, refund: Bool, now: ContinuousClock.Instant) {
        guard permit.ticket != 0 else { return }
        state.withLock { state in
            guard state.outstanding.remove(permit.ticket) != nil,
                let index = state.buckets.index(forKey: permit.bucket)
            else { return }
            state.buckets.values[index].settle(
                holdsSlot: permit.holdsConcurrencySlot, estimatedTokens: Int64(permit.estimatedTokens),
                actualTokens: actualTokens, refund: refund, now: now)
        }
    }

    private static func sweep(_ state: inout State, now: ContinuousClock.Instant, threshold: Int) {
        state.buckets = state.buckets.filter { !$0.value.isIdle(at: now) }
        state.sweepAt = max(threshold, state.buckets.count * 2)
    }
}
