/// When a (channel, model) breaker opens, how long it stays open and how it is tried again.
///
/// One policy serves every breaker of a gateway. The defaults open a breaker after 5 failures in a
/// row, or when at least half of 20 or more requests in the last minute failed; it then rejects for
/// 5 s, lets one probe through, and doubles the wait after each failed probe up to 5 minutes.
/// Out-of-range values are clamped so a policy read from a config file can never wedge a breaker.
public struct BreakerPolicy: Sendable, Equatable {
    /// Failures in a row (without a success between them) that open a closed breaker.
    public var consecutiveFailures: Int
    /// The share of failed requests over `window` that opens a closed breaker, in 0...1.
    public var errorRateThreshold: Double
    /// How far back the error rate looks; counted in 12 fixed buckets of `window / 12`.
    public var window: Duration
    /// Requests in `window` below which the error rate is not judged.
    public var minimumRequests: Int
    /// How long a breaker opened from closed rejects before a probe may go.
    public var cooldown: Duration
    /// The longest cooldown: each failed probe doubles the previous one up to this.
    public var maxCooldown: Duration
    /// Probes in flight at once while a breaker is half-open (or a disabled channel is probed).
    public var halfOpenProbes: Int
    /// A probe whose outcome was not reported within this is taken as lost, freeing its slot.
    public var probeTimeout: Duration

    public init(
        consecutiveFailures: Int = 5,
        errorRateThreshold: Double = 0.5,
        window: Duration = .seconds(60),
        minimumRequests: Int = 20,
        cooldown: Duration = .seconds(5),
        maxCooldown: Duration = .seconds(300),
        halfOpenProbes: Int = 1,
        probeTimeout: Duration = .seconds(120)
    ) {
        let tick = Duration.milliseconds(1)
        self.consecutiveFailures = max(1, consecutiveFailures)
        self.errorRateThreshold = errorRateThreshold.isNaN ? 0.5 : min(1, max(0, errorRateThreshold))
        self.window = max(tick * FailureWindow.bucketCount, window)
        self.minimumRequests = max(1, minimumRequests)
        self.cooldown = max(tick, cooldown)
        self.maxCooldown = max(self.cooldown, maxCooldown)
        self.halfOpenProbes = max(1, halfOpenProbes)
        self.probeTimeout = max(tick, probeTimeout)
    }
}

extension BreakerPolicy {
    /// The cooldown after `previous`: doubled, at most `maxCooldown`.
    func backedOff(_ previous: Duration) -> Duration {
        min(maxCooldown, previous * 2)
    }
}
