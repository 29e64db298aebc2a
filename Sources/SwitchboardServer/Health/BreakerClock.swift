import Foundation

/// The breakers' own time: the `Duration` since the `CircuitBreakers` was created.
///
/// `ContinuousClock.Instant` is opaque to the compiler outside the standard library, so every
/// copy, comparison and optional of one goes through runtime witnesses, and turning a `Duration`
/// into integers divides 128-bit numbers. The breakers turn the caller's instant into a duration
/// once per call and only add and compare durations inside (which `Duration` does inline).
struct BreakerClock: Sendable {
    let origin: ContinuousClock.Instant

    /// The time of `instant` on this clock (negative before the origin).
    func time(_ instant: ContinuousClock.Instant) -> Duration {
        instant - origin
    }

    func instant(_ time: Duration) -> ContinuousClock.Instant {
        origin + time
    }

    /// The wall-clock date of `time`, given that `now` is `date`.
    func date(_ time: Duration, now: Duration, date: Date) -> Date {
        date.addingTimeInterval(Self.seconds(time - now))
    }

    /// `duration` in seconds, as a double.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// What a breaker says about one request in clock time; `CircuitBreakers` turns it into a
/// `BreakerAdmission` with a real instant.
enum BreakerVerdict: Sendable, Equatable {
    case allowed
    case probe
    /// nil: until the channel is enabled.
    case rejected(retryAt: Duration?)
}
