/// The breakers' answer before a request goes to a (channel, model).
public enum BreakerAdmission: Sendable, Equatable {
    /// The breaker is closed: send the request and report its outcome.
    case allowed
    /// A trial request of a half-open breaker (or of a disabled channel, for the health prober).
    /// The caller must report its outcome, or call `abandonProbe` when it never got one, so the
    /// slot is freed before `BreakerPolicy.probeTimeout`.
    case probe
    /// Skip this channel. `retryAt` is when it admits again at the latest: the end of the cooldown,
    /// or, while a half-open breaker's probes are in flight, when they are given up on (their
    /// outcome usually comes sooner); nil when the channel is disabled until an operator or a
    /// probe enables it.
    case rejected(retryAt: ContinuousClock.Instant?)

    /// Whether the request may be sent (`allowed` or `probe`).
    public var admits: Bool {
        if case .rejected = self { return false }
        return true
    }
}
