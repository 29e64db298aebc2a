/// The circuit breaker of one (channel, model): a state machine on plain values, driven by the
/// times its caller passes (durations on a `BreakerClock`), so it is tested without clocks or I/O.
///
/// Closed, it admits everything and counts outcomes; enough failures in a row, or a high enough
/// error rate over the window, open it. Open, it rejects until its cooldown ends, then turns
/// half-open and lets `halfOpenProbes` trial requests through: a success closes it (clearing the
/// counts and the backoff), a failure opens it again for twice the previous cooldown, up to the
/// cap. Outcomes reported while open (requests sent before it opened) are counted and change
/// nothing.
struct Breaker: Sendable {
    enum Phase: Sendable, Equatable {
        case closed
        case open
        case halfOpen
    }

    private(set) var phase: Phase = .closed
    private(set) var consecutiveFailures = 0
    private(set) var window: FailureWindow
    private(set) var totalRequests = 0
    private(set) var totalFailures = 0
    private(set) var lastError: String?
    private(set) var lastErrorAt: Duration = .zero
    /// When the breaker last opened (meaningful while not closed).
    private(set) var openedAt: Duration = .zero
    /// When an open breaker turns half-open.
    private(set) var retryAt: Duration = .zero
    /// The cooldown of the current (or, while closed, the next) opening.
    private(set) var cooldown: Duration
    private(set) var probes = ProbeSlots()

    /// Longer error texts (a whole upstream body) are cut to at most this many UTF-8 bytes.
    static let maxErrorBytes = 1024

    init(_ policy: BreakerPolicy) {
        window = FailureWindow(window: policy.window)
        cooldown = policy.cooldown
    }

    /// The phase a caller would see at `now`: an open breaker whose cooldown is over is half-open.
    func phase(at now: Duration) -> Phase {
        phase == .open && now >= retryAt ? .halfOpen : phase
    }

    mutating func admit(_ policy: BreakerPolicy, now: Duration) -> BreakerVerdict {
        switch phase {
        case .closed:
            return .allowed
        case .open:
            guard now >= retryAt else { return .rejected(retryAt: retryAt) }
            phase = .halfOpen
            probes = ProbeSlots()
            return probes.take(policy, now: now)
        case .halfOpen:
            return probes.take(policy, now: now)
        }
    }

    mutating func recordSuccess(_ policy: BreakerPolicy, now: Duration) {
        if phase == .halfOpen { close(policy) }
        consecutiveFailures = 0
        count(failed: false, now: now)
    }

    mutating func recordFailure(error: String, _ policy: BreakerPolicy, now: Duration) {
        consecutiveFailures += 1
        count(failed: true, now: now)
        lastError = error.utf8.count > Self.maxErrorBytes ? Self.truncated(error) : error
        lastErrorAt = now
        switch phase {
        case .closed:
            if consecutiveFailures >= policy.consecutiveFailures || errorRateExceeded(policy, now: now) {
                open(cooldown: policy.cooldown, now: now)
            }
        case .halfOpen:
            open(cooldown: policy.backedOff(cooldown), now: now)
        case .open:
            break
        }
    }

    /// Frees the slot of a probe whose outcome will never be reported.
    mutating func abandonProbe() {
        if phase == .halfOpen { probes.release() }
    }

    /// Back to closed with no counts and no backoff, keeping the totals and the last error.
    mutating func reset(_ policy: BreakerPolicy) {
        close(policy)
        consecutiveFailures = 0
    }

    private func errorRateExceeded(_ policy: BreakerPolicy, now: Duration) -> Bool {
        let (requests, failures) = window.totals(now: now)
        return requests >= policy.minimumRequests && Double(failures) >= policy.errorRateThreshold * Double(requests)
    }

    private mutating func count(failed: Bool, now: Duration) {
        totalRequests += 1
        if failed { totalFailures += 1 }
        window.record(failed: failed, now: now)
    }

    private mutating func open(cooldown: Duration, now: Duration) {
        phase = .open
        openedAt = now
        self.cooldown = cooldown
        retryAt = now + cooldown
    }

    private mutating func close(_ policy: BreakerPolicy) {
        phase = .closed
        cooldown = policy.cooldown
        probes = ProbeSlots()
        window.reset()
    }

    private static func truncated(_ error: String) -> String {
        String(error.unicodeScalars.prefix(maxErrorBytes / 4)) + "…"
    }
}
