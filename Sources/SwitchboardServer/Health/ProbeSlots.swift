/// The trial requests in flight for a half-open breaker or a disabled channel.
///
/// At most `halfOpenProbes` go at once. A probe that never reports its outcome (its caller was
/// cancelled, or forgot) must not wedge the breaker: once even the latest probe started
/// `probeTimeout` ago, every probe in flight is taken as lost and the slots are free again.
struct ProbeSlots: Sendable {
    private(set) var inFlight = 0
    private var latestStart: Duration = .zero

    /// Takes a slot at `now`, or says when one frees up by timeout.
    mutating func take(_ policy: BreakerPolicy, now: Duration) -> BreakerVerdict {
        if inFlight >= policy.halfOpenProbes {
            let expiry = latestStart + policy.probeTimeout
            guard now >= expiry else { return .rejected(retryAt: expiry) }
            inFlight = 0
        }
        inFlight += 1
        latestStart = now
        return .probe
    }

    /// Frees one slot (its probe reported, or was abandoned); false when none was taken.
    @discardableResult
    mutating func release() -> Bool {
        guard inFlight > 0 else { return false }
        inFlight -= 1
        return true
    }
}
