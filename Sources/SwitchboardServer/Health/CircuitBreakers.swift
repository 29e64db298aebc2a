public import Foundation
import Synchronization

/// The health of every (channel, model) this gateway routes to: circuit breakers that keep
/// requests away from a failing upstream, and the channel-wide disable of an authentication failure.
///
/// The router asks `admit` before each attempt on a channel and reports the outcome with
/// `recordSuccess` or `recordFailure` (only failures that are the upstream's: connect errors,
/// timeouts, 408/409/429/5xx, 401/403 — never the client's own 4xx). A breaker that was never
/// reported on is closed, so a channel costs nothing until it first answers. The policy and the
/// state machine are described on `BreakerPolicy` and `Breaker`.
///
/// All state sits behind one mutex; `admit` and `record*` are one hash lookup (two while some
/// channel is disabled) and a few integer steps, and allocate only when a (channel, model) is
/// first reported on. State of channels that are no longer configured is dropped with
/// `retain(channels:)`.
public final class CircuitBreakers: Sendable {
    private struct State: Sendable {
        var breakers: [BreakerKey: Breaker] = [:]
        /// Channels an authentication failure disabled; usually empty, so checked first.
        var disabled: [String: ChannelDisablement] = [:]
    }

    public let policy: BreakerPolicy
    private let clock: BreakerClock
    private let state = Mutex(State())

    public init(policy: BreakerPolicy = BreakerPolicy()) {
        self.policy = policy
        self.clock = BreakerClock(origin: .now)
    }

    /// Whether a request may go to `model` on `channel` now. A `.probe` must be reported.
    public func admit(channel: String, model: String, now: ContinuousClock.Instant = .now) -> BreakerAdmission {
        admission(admit(channel: channel, model: model, probing: false, now: clock.time(now)))
    }

    /// `admit` for the background health prober: on a disabled channel it hands out probe slots
    /// (a passing probe enables the channel again) instead of rejecting. Otherwise as `admit`.
    public func admitProbe(channel: String, model: String, now: ContinuousClock.Instant = .now) -> BreakerAdmission {
        admission(admit(channel: channel, model: model, probing: true, now: clock.time(now)))
    }

    /// The upstream answered (a probe passed): resets the failures in a row, closes a half-open
    /// breaker, and enables a disabled channel when a probe was in flight.
    public func recordSuccess(channel: String, model: String, now: ContinuousClock.Instant = .now) {
        let now = clock.time(now)
        let policy = policy
        state.withLock { state in
            if !state.disabled.isEmpty, let index = state.disabled.index(forKey: channel),
                state.disabled.values[index].probes.release()
            {
                state.disabled.remove(at: index)
                Self.reset(channel, in: &state, policy)
            }
            state.breakers[BreakerKey(channel: channel, model: model), default: Breaker(policy)]
                .recordSuccess(policy, now: now)
        }
    }

    /// The upstream failed; `error` is kept as the breaker's last error (cut to 1 KiB).
    /// An `.authentication` failure disables every model of `channel` until `enable(channel:)`
    /// or a passing probe.
    public func recordFailure(
        channel: String, model: String, kind: FailureKind = .transient, error: String,
        now: ContinuousClock.Instant = .now
    ) {
        let now = clock.time(now)
        let policy = policy
        state.withLock { state in
            if !state.disabled.isEmpty, let index = state.disabled.index(forKey: channel) {
                state.disabled.values[index].probes.release()
            }
            let key = BreakerKey(channel: channel, model: model)
            state.breakers[key, default: Breaker(policy)].recordFailure(error: error, policy, now: now)
            guard kind == .authentication else { return }
            let kept = state.breakers[key]?.lastError ?? error
            if let index = state.disabled.index(forKey: channel) {
                state.disabled.values[index].error = kept
            } else {
                state.disabled[channel] = ChannelDisablement(error: kept, since: now)
            }
        }
    }

    /// Frees the slot of a probe that ended without an outcome (the client went away first).
    public func abandonProbe(channel: String, model: String) {
        state.withLock { state in
            if let index = state.disabled.index(forKey: channel) {
                state.disabled.values[index].probes.release()
            } else if let index = state.breakers.index(forKey: BreakerKey(channel: channel, model: model)) {
                state.breakers.values[index].abandonProbe()
            }
        }
    }

    /// An operator enables the channel again: clears the disable and closes all its breakers.
    public func enable(channel: String) {
        let policy = policy
        state.withLock { state in
            state.disabled[channel] = nil
            Self.reset(channel, in: &state, policy)
        }
    }

    /// Drops the state of every channel not in `channels` (after a config change).
    public func retain(channels: Set<String>) {
        state.withLock { state in
            if state.breakers.keys.contains(where: { !channels.contains($0.channel) }) {
                state.breakers = state.breakers.filter { channels.contains($0.key.channel) }
            }
            if state.disabled.keys.contains(where: { !channels.contains($0) }) {
                state.disabled = state.disabled.filter { channels.contains($0.key) }
            }
        }
    }

    /// Drops the breakers of `channel`'s models not in `models` (after the channel was edited).
    public func retain(models: Set<String>, of channel: String) {
        state.withLock { state in
            let stale: (BreakerKey) -> Bool = { $0.channel == channel && !models.contains($0.model) }
            if state.breakers.keys.contains(where: stale) {
                state.breakers = state.breakers.filter { !stale($0.key) }
            }
        }
    }

    /// The channels with any state held (for tests and metrics).
    public var channelCount: Int {
        state.withLock { state in
            Set(state.breakers.keys.map(\.channel)).union(state.disabled.keys).count
        }
    }

    /// The channel's health for the admin API. `models` adds configured models that were never
    /// reported on (they show as closed); the snapshot's dates are `now` mapped onto `date`.
    public func snapshot(
        channel: String, models: some Sequence<String> = [String](), now: ContinuousClock.Instant = .now,
        date: Date = Date()
    ) -> ChannelHealthSnapshot {
        let (breakers, disabled) = state.withLock { state in
            (state.breakers.filter { $0.key.channel == channel }, state.disabled[channel])
        }
        return ChannelHealthSnapshot(
            channel: channel, breakers: breakers.map { ($0.key.model, $0.value) }, disabled: disabled,
            extraModels: models, policy: policy, clock: clock, now: clock.time(now), date: date)
    }

    private func admit(channel: String, model: String, probing: Bool, now: Duration) -> BreakerVerdict {
        let policy = policy
        return state.withLock { state in
            if !state.disabled.isEmpty, let index = state.disabled.index(forKey: channel) {
                return probing ? state.disabled.values[index].probes.take(policy, now: now) : .rejected(retryAt: nil)
            }
            guard let index = state.breakers.index(forKey: BreakerKey(channel: channel, model: model)) else {
                return .allowed
            }
            return state.breakers.values[index].admit(policy, now: now)
        }
    }

    private func admission(_ verdict: BreakerVerdict) -> BreakerAdmission {
        switch verdict {
        case .allowed: .allowed
        case .probe: .probe
        case .rejected(let retryAt): .rejected(retryAt: retryAt.map(clock.instant))
        }
    }

    private static func reset(_ channel: String, in state: inout State, _ policy: BreakerPolicy) {
        for key in state.breakers.keys.filter({ $0.channel == channel }) {
            state.breakers[key]?.reset(policy)
        }
    }
}
