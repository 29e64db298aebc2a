import Foundation
import Synchronization
import SwitchboardCore
import Testing
@testable import SwitchboardServer

/// What the tasks of a concurrent test were told.
private final class Tally: Sendable {
    let probes = Atomic<Int>(0)
    let allowed = Atomic<Int>(0)
}

@Suite("Circuit breakers")
struct CircuitBreakerTests {
    let start = ContinuousClock.now

    func at(_ seconds: Double) -> ContinuousClock.Instant {
        start.advanced(by: .microseconds(Int64((seconds * 1_000_000).rounded())))
    }

    func fail(_ breakers: CircuitBreakers, _ times: Int, model: String = "m", at seconds: Double) {
        for _ in 0..<times {
            breakers.recordFailure(channel: "c", model: model, error: "HTTP 503", now: at(seconds))
        }
    }

    @Test func opensAfterConsecutiveFailures() {
        let breakers = CircuitBreakers()
        #expect(breakers.admit(channel: "c", model: "m", now: at(0)) == .allowed)
        fail(breakers, 4, at: 0)
        breakers.recordSuccess(channel: "c", model: "m", now: at(0))  // a success breaks the run
        fail(breakers, 4, at: 1)
        #expect(breakers.admit(channel: "c", model: "m", now: at(1)) == .allowed)
        fail(breakers, 1, at: 1)
        #expect(breakers.admit(channel: "c", model: "m", now: at(1)) == .rejected(retryAt: at(6)))
        #expect(breakers.admit(channel: "c", model: "other", now: at(1)) == .allowed)
        #expect(breakers.admit(channel: "d", model: "m", now: at(1)) == .allowed)
        // Failures reported while open (requests sent before) do not push the retry back.
        fail(breakers, 3, at: 2)
        #expect(breakers.admit(channel: "c", model: "m", now: at(5.9)) == .rejected(retryAt: at(6)))
    }

    @Test func opensOnErrorRateWithEnoughRequests() {
        let breakers = CircuitBreakers()
        // 19 requests, 10 failed (never 5 in a row): too few to judge.
        for index in 0..<19 {
            if index % 2 == 0 {
                breakers.recordFailure(channel: "c", model: "m", error: "HTTP 500", now: at(Double(index)))
            } else {
                breakers.recordSuccess(channel: "c", model: "m", now: at(Double(index)))
            }
        }
        #expect(breakers.admit(channel: "c", model: "m", now: at(19)) == .allowed)
        breakers.recordSuccess(channel: "c", model: "m", now: at(19))  // 20 requests, 10 failed: not yet judged on a success
        #expect(breakers.admit(channel: "c", model: "m", now: at(19)) == .allowed)
        breakers.recordFailure(channel: "c", model: "m", error: "HTTP 500", now: at(20))  // 21 requests, 11 failed
        #expect(breakers.admit(channel: "c", model: "m", now: at(20)) == .rejected(retryAt: at(25)))
    }

    @Test func errorRateBelowThresholdOrTooFewRequestsStaysClosed() {
        let breakers = CircuitBreakers()
        // 40% failures over 50 requests.
        for index in 0..<50 {
            if index % 5 < 2 {
                breakers.recordFailure(channel: "c", model: "m", error: "HTTP 500", now: at(Double(index) / 10))
            } else {
                breakers.recordSuccess(channel: "c", model: "m", now: at(Double(index) / 10))
            }
        }
        #expect(breakers.admit(channel: "c", model: "m", now: at(5)) == .allowed)

        // 4 of 6 failed, all well inside the window: a high rate, but too few requests.
        let few = CircuitBreakers()
        for index in 0..<6 {
            if index % 3 == 0 {
                few.recordSuccess(channel: "c", model: "m", now: at(0))
            } else {
                few.recordFailure(channel: "c", model: "m", error: "HTTP 500", now: at(0))
            }
        }
        #expect(few.admit(channel: "c", model: "m", now: at(0)) == .allowed)
    }

    @Test func oldOutcomesLeaveTheWindow() {
        let breakers = CircuitBreakers()
        for second in 0..<20 {  // a third failing: below the rate
            breakers.recordFailure(channel: "c", model: "m", error: "HTTP 500", now: at(Double(second) + 0.25))
            breakers.recordSuccess(channel: "c", model: "m", now: at(Double(second) + 0.25))
            breakers.recordSuccess(channel: "c", model: "m", now: at(Double(second) + 0.5))
        }
        var model = breakers.snapshot(channel: "c", now: at(20))["m"]
        #expect(model?.windowRequests == 60)
        #expect(model?.windowFailures == 20)
        #expect(breakers.admit(channel: "c", model: "m", now: at(20)) == .allowed)

        // The window is 12 buckets of 5 s: 72 s is in the bucket 70..<75 s, so the window starts
        // at 15 s and holds the last five seconds of outcomes.
        model = breakers.snapshot(channel: "c", now: at(72))["m"]
        #expect(model?.windowRequests == 15)
        #expect(model?.windowFailures == 5)
        #expect(model?.totalRequests == 60)
        #expect(model?.totalFailures == 20)
        #expect(breakers.snapshot(channel: "c", now: at(200))["m"]?.windowRequests == 0)
    }

    @Test(arguments: [(30.0, false), (65.0, true)])
    func oldSuccessesStopDilutingTheErrorRate(later: Double, opens: Bool) {
        let breakers = CircuitBreakers()
        for _ in 0..<30 {
            breakers.recordSuccess(channel: "c", model: "m", now: at(0))
        }
        // 11 failures in 21 requests, never 5 in a row: over the rate only without the 30 successes.
        for index in 0..<21 {
            if index % 2 == 0 {
                breakers.recordFailure(channel: "c", model: "m", error: "HTTP 500", now: at(later))
            } else {
                breakers.recordSuccess(channel: "c", model: "m", now: at(later))
            }
        }
        #expect(breakers.admit(channel: "c", model: "m", now: at(later)).admits == !opens)
    }

    @Test func cooldownThenHalfOpenWithOneProbe() {
        let breakers = CircuitBreakers()
        fail(breakers, 5, at: 0)
        #expect(breakers.admit(channel: "c", model: "m", now: at(4.999)) == .rejected(retryAt: at(5)))
        #expect(breakers.admit(channel: "c", model: "m", now: at(5)) == .probe)
        // The probe is in flight: others are turned away until it reports or times out.
        #expect(breakers.admit(channel: "c", model: "m", now: at(6)) == .rejected(retryAt: at(125)))
        #expect(breakers.snapshot(channel: "c", now: at(6))["m"]?.state == .halfOpen)
        // A probe that never reports frees its slot after the probe timeout.
        #expect(breakers.admit(channel: "c", model: "m", now: at(125)) == .probe)
        // One that is abandoned frees it at once.
        breakers.abandonProbe(channel: "c", model: "m")
        #expect(breakers.admit(channel: "c", model: "m", now: at(126)) == .probe)
    }

    @Test func probeSuccessClosesAndResetsTheBackoff() {
        let breakers = CircuitBreakers()
        fail(breakers, 5, at: 0)
        #expect(breakers.admit(channel: "c", model: "m", now: at(5)) == .probe)
        fail(breakers, 1, at: 6)  // re-opens for 10 s
        #expect(breakers.admit(channel: "c", model: "m", now: at(15)) == .rejected(retryAt: at(16)))
        #expect(breakers.admit(channel: "c", model: "m", now: at(16)) == .probe)
        breakers.recordSuccess(channel: "c", model: "m", now: at(17))
        #expect(breakers.admit(channel: "c", model: "m", now: at(17)) == .allowed)
        let model = breakers.snapshot(channel: "c", now: at(17))["m"]
        #expect(model?.state == .closed)
        #expect(model?.consecutiveFailures == 0)
        #expect(model?.windowRequests == 1)  // the window starts over on closing
        #expect(model?.cooldown == .seconds(5))

        // The next opening waits the base cooldown again, not 20 s.
        fail(breakers, 5, at: 20)
        #expect(breakers.admit(channel: "c", model: "m", now: at(20)) == .rejected(retryAt: at(25)))
    }

    @Test func probeFailureDoublesTheCooldownUpToTheCap() {
        let breakers = CircuitBreakers()
        fail(breakers, 5, at: 0)
        var now = 5.0
        var expected: [Double] = []
        for _ in 0..<9 {
            #expect(breakers.admit(channel: "c", model: "m", now: at(now - 0.001)) != .probe)
            #expect(breakers.admit(channel: "c", model: "m", now: at(now)) == .probe)
            fail(breakers, 1, at: now)
            let snapshot = breakers.snapshot(channel: "c", now: at(now))["m"]
            let cooldown = BreakerClock.seconds(snapshot?.cooldown ?? .zero)
            expected.append(cooldown)
            now += cooldown
        }
        #expect(expected == [10, 20, 40, 80, 160, 300, 300, 300, 300])
    }

    @Test func authenticationFailureDisablesEveryModelUntilEnabled() {
        let breakers = CircuitBreakers()
        breakers.recordSuccess(channel: "c", model: "a", now: at(0))
        breakers.recordSuccess(channel: "c", model: "b", now: at(0))
        breakers.recordFailure(channel: "c", model: "a", kind: .authentication, error: "HTTP 401: invalid x-api-key", now: at(1))
        for model in ["a", "b", "never-seen"] {
            #expect(breakers.admit(channel: "c", model: model, now: at(1000)) == .rejected(retryAt: nil))
        }
        #expect(breakers.admit(channel: "other", model: "a", now: at(1)) == .allowed)
        // Late successes of requests sent before the key failed do not enable it.
        breakers.recordSuccess(channel: "c", model: "b", now: at(2))
        #expect(breakers.admit(channel: "c", model: "b", now: at(2)) == .rejected(retryAt: nil))

        let snapshot = breakers.snapshot(channel: "c", now: at(3))
        #expect(snapshot.state == .disabled)
        #expect(snapshot.disabledError == "HTTP 401: invalid x-api-key")
        #expect(snapshot.models.map(\.state) == [.disabled, .disabled])

        breakers.enable(channel: "c")
        #expect(breakers.admit(channel: "c", model: "a", now: at(4)) == .allowed)
        #expect(breakers.admit(channel: "c", model: "b", now: at(4)) == .allowed)
        let enabled = breakers.snapshot(channel: "c", now: at(4))
        #expect(enabled.state == .healthy)
        #expect(enabled["a"]?.lastError == "HTTP 401: invalid x-api-key")  // kept for the operator
    }

    @Test func aPassingProbeEnablesADisabledChannel() {
        let breakers = CircuitBreakers()
        breakers.recordFailure(channel: "c", model: "a", kind: .authentication, error: "HTTP 403", now: at(0))
        #expect(breakers.admitProbe(channel: "c", model: "a", now: at(10)) == .probe)
        #expect(breakers.admitProbe(channel: "c", model: "b", now: at(10)) == .rejected(retryAt: at(130)))
        breakers.recordFailure(channel: "c", model: "a", kind: .authentication, error: "HTTP 403", now: at(11))
        #expect(breakers.admit(channel: "c", model: "a", now: at(12)) == .rejected(retryAt: nil))

        #expect(breakers.admitProbe(channel: "c", model: "b", now: at(20)) == .probe)
        breakers.recordSuccess(channel: "c", model: "b", now: at(21))
        #expect(breakers.admit(channel: "c", model: "a", now: at(21)) == .allowed)
        #expect(breakers.snapshot(channel: "c", now: at(21)).state == .healthy)
        // On a channel that is not disabled, a probe admission is an ordinary one.
        #expect(breakers.admitProbe(channel: "c", model: "a", now: at(22)) == .allowed)
    }

    @Test func snapshotStates() throws {
        let breakers = CircuitBreakers()
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(breakers.snapshot(channel: "c", now: at(0), date: date) == ChannelHealthSnapshot(channel: "c", state: .healthy))

        breakers.recordSuccess(channel: "c", model: "a", now: at(0))
        fail(breakers, 5, model: "b", at: 10)
        var snapshot = breakers.snapshot(channel: "c", models: ["a", "b", "c"], now: at(12), date: date)
        #expect(snapshot.state == .degraded)
        #expect(snapshot.models.map(\.model) == ["a", "b", "c"])
        #expect(snapshot.models.map(\.state) == [.closed, .open, .closed])
        #expect(snapshot.lastError == "HTTP 503")
        #expect(snapshot.lastErrorAt == date.addingTimeInterval(-2))
        let open = try #require(snapshot["b"])
        #expect(open == ModelHealthSnapshot(
            model: "b", state: .open, consecutiveFailures: 5, windowRequests: 5, windowFailures: 5, totalRequests: 5,
            totalFailures: 5, lastError: "HTTP 503", lastErrorAt: date.addingTimeInterval(-2),
            openedAt: date.addingTimeInterval(-2), nextAttemptAt: date.addingTimeInterval(3), cooldown: .seconds(5)))

        // Once the cooldown is over the breaker is half-open; every known model tripped is `open`.
        fail(breakers, 5, model: "a", at: 12)
        snapshot = breakers.snapshot(channel: "c", now: at(16), date: date)
        #expect(snapshot.models.map(\.state) == [.open, .halfOpen])
        #expect(snapshot.state == .open)
        #expect(snapshot["b"]?.nextAttemptAt == nil)

        breakers.recordFailure(channel: "c", model: "a", kind: .authentication, error: "HTTP 401", now: at(16))
        snapshot = breakers.snapshot(channel: "c", now: at(16), date: date)
        #expect(snapshot.state == .disabled)
        #expect(snapshot.disabledAt == date)
    }

    @Test func snapshotJSON() {
        let breakers = CircuitBreakers()
        fail(breakers, 5, model: "gpt-5", at: 0)
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let json = breakers.snapshot(channel: "c", now: at(1), date: date).json
        #expect(JSON.string(json) == JSON.string([
            "state": "open", "disabled_error": .null, "disabled_at": .null, "last_error": "HTTP 503",
            "last_error_at": "2027-01-15T07:59:59.000Z",
            "models": [[
                "model": "gpt-5", "state": "open", "consecutive_failures": 5, "window_requests": 5, "window_failures": 5,
                "requests": 5, "failures": 5, "last_error": "HTTP 503", "last_error_at": "2027-01-15T07:59:59.000Z",
                "opened_at": "2027-01-15T07:59:59.000Z", "next_attempt_at": "2027-01-15T08:00:04.000Z",
                "cooldown_seconds": 5,
            ]],
        ]))
    }

    @Test func longErrorsAreCut() {
        let breakers = CircuitBreakers()
        breakers.recordFailure(channel: "c", model: "m", error: String(repeating: "é", count: 100_000), now: at(0))
        let error = breakers.snapshot(channel: "c", now: at(0))["m"]?.lastError ?? ""
        #expect(error.utf8.count <= Breaker.maxErrorBytes + 3)
        #expect(error.hasSuffix("…"))
    }

    @Test(arguments: [1, 3])
    func concurrentAdmitsInHalfOpenAllowExactlyTheProbes(probes: Int) async {
        let breakers = CircuitBreakers(policy: BreakerPolicy(halfOpenProbes: probes))
        fail(breakers, 5, at: 0)
        let tally = Tally()
        let now = at(5)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    switch breakers.admit(channel: "c", model: "m", now: now) {
                    case .probe: tally.probes.add(1, ordering: .relaxed)
                    case .allowed: tally.allowed.add(1, ordering: .relaxed)
                    case .rejected: break
                    }
                    // Unrelated breakers are admitted and reported at the same time.
                    breakers.recordSuccess(channel: "c", model: "other-\(index % 7)", now: now)
                }
            }
        }
        #expect(tally.probes.load(ordering: .relaxed) == probes)
        #expect(tally.allowed.load(ordering: .relaxed) == 0)
    }

    @Test func retainDropsUnknownChannels() {
        let breakers = CircuitBreakers()
        for channel in ["a", "b", "c"] {
            breakers.recordFailure(channel: channel, model: "m", kind: .authentication, error: "HTTP 401", now: at(0))
        }
        breakers.recordSuccess(channel: "a", model: "n", now: at(0))
        #expect(breakers.channelCount == 3)
        breakers.retain(channels: ["a", "c", "new"])
        #expect(breakers.channelCount == 2)
        #expect(breakers.admit(channel: "b", model: "m", now: at(1)) == .allowed)
        #expect(breakers.admit(channel: "a", model: "m", now: at(1)) == .rejected(retryAt: nil))

        breakers.retain(models: ["n"], of: "a")
        #expect(breakers.snapshot(channel: "a", now: at(1)).models.map(\.model) == ["n"])
    }

    @Test func policyValuesAreClamped() {
        let policy = BreakerPolicy(
            consecutiveFailures: 0, errorRateThreshold: .nan, window: .zero, minimumRequests: -1, cooldown: .seconds(-5),
            maxCooldown: .zero, halfOpenProbes: 0, probeTimeout: .zero)
        #expect(policy.consecutiveFailures == 1)
        #expect(policy.errorRateThreshold == 0.5)
        #expect(policy.window == .milliseconds(12))
        #expect(policy.minimumRequests == 1)
        #expect(policy.cooldown == .milliseconds(1))
        #expect(policy.maxCooldown == policy.cooldown)
        #expect(policy.halfOpenProbes == 1)
        #expect(BreakerPolicy() == BreakerPolicy(
            consecutiveFailures: 5, errorRateThreshold: 0.5, window: .seconds(60), minimumRequests: 20, cooldown: .seconds(5),
            maxCooldown: .seconds(300), halfOpenProbes: 1))
    }
}
