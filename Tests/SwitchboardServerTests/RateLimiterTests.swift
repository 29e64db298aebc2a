import Testing
import Synchronization
@testable import SwitchboardServer

private func permit(_ decision: RateLimitDecision) -> RateLimitPermit? {
    if case .admitted(let permit) = decision { return permit }
    return nil
}

private func rejection(_ decision: RateLimitDecision) -> RateLimitRejection? {
    if case .rejected(let rejection) = decision { return rejection }
    return nil
}

/// Counters shared by the tasks of a concurrent test.
private final class Gauge: Sendable {
    let inFlight = Atomic<Int>(0)
    let busiest = Atomic<Int>(0)
    let admitted = Atomic<Int>(0)
}

@Suite("Rate limiter")
struct RateLimiterTests {
    let start = ContinuousClock.now

    func at(_ seconds: Double) -> ContinuousClock.Instant {
        start.advanced(by: .microseconds(Int64((seconds * 1_000_000).rounded())))
    }

    @Test func requestsPerMinuteRunOutAndRefillContinuously() throws {
        let limiter = RateLimiter()
        let limits = RateLimits(rpm: 60)
        for _ in 0..<60 {
            #expect(permit(limiter.admit("k", limits: limits, estimatedTokens: 10, now: at(0))) != nil)
        }
        let refused = try #require(rejection(limiter.admit("k", limits: limits, estimatedTokens: 10, now: at(0))))
        #expect(refused.limit == .requests)
        #expect(refused.retryAfter == .seconds(1))
        #expect(refused.message == "Rate limit reached for requests per minute (RPM): Limit 60, Used 60, Requested 1. Please try again in 1s.")
        #expect(refused.snapshot.requests == RateLimitSnapshot.Window(limit: 60, remaining: 0, resetsIn: .seconds(60)))
        #expect(refused.snapshot.tokens == nil)

        let halfway = try #require(rejection(limiter.admit("k", limits: limits, estimatedTokens: 10, now: at(0.5))))
        #expect(halfway.retryAfter == .milliseconds(500))
        #expect(halfway.message.hasSuffix("Please try again in 500ms."))

        // One request per second comes back, however the second is divided.
        for tenth in 6...9 {
            #expect(rejection(limiter.admit("k", limits: limits, estimatedTokens: 10, now: at(Double(tenth) / 10))) != nil)
        }
        let next = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 10, now: at(1))))
        #expect(next.snapshot.requests == RateLimitSnapshot.Window(limit: 60, remaining: 0, resetsIn: .seconds(60)))
        #expect(rejection(limiter.admit("k", limits: limits, estimatedTokens: 10, now: at(1))) != nil)

        // A minute later the bucket is full again, and holds no more than its limit.
        let later = (0..<70).filter { _ in permit(limiter.admit("k", limits: limits, estimatedTokens: 10, now: at(200))) != nil }
        #expect(later.count == 60)
    }

    @Test func tokensAreChargedByEstimateAndCorrectedWhenSettled() throws {
        let limiter = RateLimiter()
        let limits = RateLimits(tpm: 600)  // 10 tokens a second
        func remaining(_ decision: RateLimitDecision) -> Int? { permit(decision)?.snapshot.tokens?.remaining }

        let first = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 200, now: at(0))))
        #expect(first.estimatedTokens == 200)
        #expect(first.holdsConcurrencySlot == false)
        #expect(first.snapshot.tokens == RateLimitSnapshot.Window(limit: 600, remaining: 400, resetsIn: .seconds(20)))
        limiter.settle(first, actualTokens: 50, now: at(0))
        let probe = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 0, now: at(0))))
        #expect(probe.snapshot.tokens?.remaining == 550)
        limiter.settle(probe, actualTokens: nil, now: at(0))

        let kept = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 300, now: at(0))))
        limiter.settle(kept, actualTokens: nil, now: at(0))
        #expect(remaining(limiter.admit("k", limits: limits, estimatedTokens: 0, now: at(0))) == 250)

        // Using more than estimated puts the bucket in debt, which the refill pays back first.
        let heavy = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 200, now: at(0))))
        limiter.settle(heavy, actualTokens: 1000, now: at(0))
        let inDebt = try #require(rejection(limiter.admit("k", limits: limits, estimatedTokens: 0, now: at(0))))
        #expect(inDebt.limit == .tokens)
        #expect(inDebt.retryAfter == .seconds(75))
        #expect(inDebt.message == "Rate limit reached for tokens per minute (TPM): Limit 600, Used 1350, Requested 0. Please try again in 1m15s.")
        #expect(inDebt.snapshot.tokens == RateLimitSnapshot.Window(limit: 600, remaining: 0, resetsIn: .seconds(135)))

        #expect(rejection(limiter.admit("k", limits: limits, estimatedTokens: 0, now: at(74.9))) != nil)
        #expect(remaining(limiter.admit("k", limits: limits, estimatedTokens: 0, now: at(75))) == 0)
        #expect(rejection(limiter.admit("k", limits: limits, estimatedTokens: 10, now: at(75)))?.retryAfter == .seconds(1))
    }

    @Test func aRequestBiggerThanTheWholeLimitPassesOnlyOnAFullBucket() throws {
        let limiter = RateLimiter()
        let limits = RateLimits(tpm: 1000)
        let big = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 5000, now: at(0))))
        #expect(big.snapshot.tokens == RateLimitSnapshot.Window(limit: 1000, remaining: 0, resetsIn: .seconds(300)))
        let after = try #require(rejection(limiter.admit("k", limits: limits, estimatedTokens: 1, now: at(0))))
        #expect(after.retryAfter > .seconds(240) && after.retryAfter < .seconds(241))
        #expect(permit(limiter.admit("k", limits: limits, estimatedTokens: 5000, now: at(300))) != nil)

        let other = RateLimiter()
        _ = other.admit("k", limits: limits, estimatedTokens: 10, now: at(0))
        let notFull = try #require(rejection(other.admit("k", limits: limits, estimatedTokens: 5000, now: at(0))))
        #expect(notFull.retryAfter == .milliseconds(600))
        #expect(notFull.requested == 5000)
    }

    @Test func aConcurrencySlotIsHeldUntilSettledAndASecondSettleIsIgnored() throws {
        let limiter = RateLimiter()
        let limits = RateLimits(maxConcurrency: 2)
        let first = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 1, now: at(0))))
        let second = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 1, now: at(0))))
        #expect(first.holdsConcurrencySlot && second.holdsConcurrencySlot)
        #expect(first.snapshot == .unlimited)

        let full = try #require(rejection(limiter.admit("k", limits: limits, estimatedTokens: 1, now: at(10))))
        #expect(full.limit == .concurrency)
        #expect(full.retryAfter == .seconds(1))
        #expect(full.message == "Rate limit reached for concurrent requests: Limit 2, Used 2, Requested 1. Please try again in 1s.")

        limiter.settle(first, actualTokens: 1, now: at(10))
        let third = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 1, now: at(10))))
        limiter.settle(first, actualTokens: 1, now: at(10))
        limiter.settle(first, actualTokens: nil, now: at(10))
        #expect(rejection(limiter.admit("k", limits: limits, estimatedTokens: 1, now: at(10)))?.limit == .concurrency)
        limiter.settle(second, actualTokens: nil, now: at(10))
        limiter.settle(third, actualTokens: nil, now: at(10))
        #expect(permit(limiter.admit("k", limits: limits, estimatedTokens: 1, now: at(10))) != nil)
    }

    @Test func aDoubleSettleDoesNotCorrectTokensTwice() throws {
        let limiter = RateLimiter()
        let limits = RateLimits(tpm: 1000)
        let used = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 100, now: at(0))))
        limiter.settle(used, actualTokens: 400, now: at(0))
        limiter.settle(used, actualTokens: 400, now: at(0))
        #expect(permit(limiter.admit("k", limits: limits, estimatedTokens: 0, now: at(0)))?.snapshot.tokens?.remaining == 600)
    }

    @Test func rejectedRequestsConsumeNothing() throws {
        let limiter = RateLimiter()
        let limits = RateLimits(rpm: 10, tpm: 100, maxConcurrency: 1)
        let held = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 50, now: at(0))))
        for _ in 0..<5 {
            let refused = try #require(rejection(limiter.admit("k", limits: limits, estimatedTokens: 10, now: at(0))))
            #expect(refused.limit == .concurrency)
            #expect(refused.snapshot.requests?.remaining == 9)
            #expect(refused.snapshot.tokens?.remaining == 50)
        }
        limiter.settle(held, actualTokens: nil, now: at(0))
        let next = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 50, now: at(0))))
        #expect(next.snapshot.requests?.remaining == 8)
        #expect(next.snapshot.tokens?.remaining == 0)
        limiter.settle(next, actualTokens: nil, now: at(0))

        // Refused for tokens: the request itself is not counted either.
        for _ in 0..<5 {
            #expect(rejection(limiter.admit("k", limits: limits, estimatedTokens: 10, now: at(0)))?.limit == .tokens)
        }
        #expect(rejection(limiter.admit("k", limits: limits, estimatedTokens: 10, now: at(0)))?.snapshot.requests?.remaining == 8)
    }

    @Test func theLimitThatFreesUpLastIsReported() throws {
        let limiter = RateLimiter()
        let limits = RateLimits(rpm: 2, tpm: 600)
        _ = limiter.admit("k", limits: limits, estimatedTokens: 600, now: at(0))
        _ = limiter.admit("k", limits: limits, estimatedTokens: 0, now: at(0))
        let refused = try #require(rejection(limiter.admit("k", limits: limits, estimatedTokens: 600, now: at(0))))
        #expect(refused.limit == .tokens)
        #expect(refused.retryAfter == .seconds(60))
        #expect(refused.snapshot.requests?.remaining == 0)
    }

    @Test func cancellingGivesEverythingBack() throws {
        let limiter = RateLimiter()
        let limits = RateLimits(rpm: 1, tpm: 100, maxConcurrency: 1)
        let first = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 100, now: at(0))))
        limiter.cancel(first, now: at(0))
        limiter.cancel(first, now: at(0))
        let second = try #require(permit(limiter.admit("k", limits: limits, estimatedTokens: 100, now: at(0))))
        #expect(second.snapshot.requests?.remaining == 0)
        #expect(second.snapshot.tokens?.remaining == 0)
        limiter.settle(second, actualTokens: nil, now: at(0))
        #expect(rejection(limiter.admit("k", limits: limits, estimatedTokens: 1, now: at(0))) != nil)
    }

    @Test func separateBucketsAreIndependent() {
        let limiter = RateLimiter()
        let limits = RateLimits(rpm: 1)
        #expect(permit(limiter.admit("key-a", limits: limits, estimatedTokens: 1, now: at(0))) != nil)
        #expect(rejection(limiter.admit("key-a", limits: limits, estimatedTokens: 1, now: at(0))) != nil)
        #expect(permit(limiter.admit("key-b", limits: limits, estimatedTokens: 1, now: at(0))) != nil)
        #expect(permit(limiter.admit("key-a/gpt-5", limits: limits, estimatedTokens: 1, now: at(0))) != nil)
    }

    @Test func unlimitedRequestsKeepNoState() {
        let limiter = RateLimiter()
        for limits in [RateLimits(), RateLimits(rpm: 0, tpm: -1, maxConcurrency: 0)] {
            #expect(limits.isUnlimited)
            let admitted = permit(limiter.admit("k", limits: limits, estimatedTokens: 10, now: at(0)))
            #expect(admitted?.snapshot == .unlimited)
            #expect(admitted?.holdsConcurrencySlot == false)
            if let admitted { limiter.settle(admitted, actualTokens: 20, now: at(0)) }
        }
        #expect(limiter.bucketCount == 0)
    }

    @Test func changedLimitsApplyAtOnceAndKeepWhatIsUsed() {
        let limiter = RateLimiter()
        for _ in 0..<2 { _ = limiter.admit("k", limits: RateLimits(rpm: 2), estimatedTokens: 0, now: at(0)) }
        #expect(rejection(limiter.admit("k", limits: RateLimits(rpm: 2), estimatedTokens: 0, now: at(0))) != nil)
        let raised = permit(limiter.admit("k", limits: RateLimits(rpm: 4), estimatedTokens: 0, now: at(0)))
        #expect(raised?.snapshot.requests?.remaining == 1)
        #expect(permit(limiter.admit("k", limits: RateLimits(tpm: 10), estimatedTokens: 10, now: at(0)))?.snapshot.requests == nil)
    }

    @Test func idleBucketsAreEvictedSoTheTableStaysSmall() throws {
        let limiter = RateLimiter(evictionThreshold: 100)
        let holder = try #require(permit(limiter.admit("held", limits: RateLimits(maxConcurrency: 1), estimatedTokens: 1, now: at(0))))
        var largest = 0
        for index in 0..<5000 {
            let now = at(Double(index) / 10)
            if let admitted = permit(limiter.admit("key-\(index)", limits: RateLimits(rpm: 60, tpm: 6000), estimatedTokens: 100, now: now)) {
                limiter.settle(admitted, actualTokens: 50, now: now)
            }
            largest = max(largest, limiter.bucketCount)
        }
        #expect(largest <= 100)
        // A bucket with a permit out is never dropped.
        #expect(rejection(limiter.admit("held", limits: RateLimits(maxConcurrency: 1), estimatedTokens: 1, now: at(600)))?.limit == .concurrency)
        limiter.settle(holder, actualTokens: nil, now: at(600))
        limiter.evictIdleBuckets(now: at(600))
        #expect(limiter.bucketCount == 0)
    }

    @Test func bucketsStillRefillingOrInDebtAreKept() {
        let limiter = RateLimiter()
        if let recent = permit(limiter.admit("recent", limits: RateLimits(rpm: 60), estimatedTokens: 0, now: at(0))) {
            limiter.settle(recent, actualTokens: nil, now: at(0))
        }
        if let heavy = permit(limiter.admit("debt", limits: RateLimits(tpm: 60), estimatedTokens: 60, now: at(0))) {
            limiter.settle(heavy, actualTokens: 600, now: at(0))
        }
        limiter.evictIdleBuckets(now: at(0.5))
        #expect(limiter.bucketCount == 2)
        limiter.evictIdleBuckets(now: at(2))
        #expect(limiter.bucketCount == 1)
        limiter.evictIdleBuckets(now: at(600))
        #expect(limiter.bucketCount == 0)
    }

    @Test func concurrentRequestsNeverPassTheRequestLimit() async {
        let limiter = RateLimiter()
        let now = ContinuousClock.now
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<1000 {
                group.addTask {
                    permit(limiter.admit("shared", limits: RateLimits(rpm: 100), estimatedTokens: index % 7, now: now)) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 100)
    }

    @Test func concurrentRequestsNeverPassTheConcurrencyLimit() async {
        let limiter = RateLimiter()
        let gauge = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<1000 {
                group.addTask {
                    guard let slot = permit(limiter.admit("shared", limits: RateLimits(maxConcurrency: 4), estimatedTokens: 1)) else {
                        return
                    }
                    let count = gauge.inFlight.add(1, ordering: .sequentiallyConsistent).newValue
                    gauge.busiest.max(count, ordering: .sequentiallyConsistent)
                    gauge.admitted.add(1, ordering: .relaxed)
                    await Task.yield()
                    gauge.inFlight.subtract(1, ordering: .sequentiallyConsistent)
                    limiter.settle(slot, actualTokens: 1)
                }
            }
        }
        #expect(gauge.busiest.load(ordering: .sequentiallyConsistent) <= 4)
        #expect(gauge.admitted.load(ordering: .relaxed) > 0)
        #expect(limiter.admit("shared", limits: RateLimits(maxConcurrency: 4), estimatedTokens: 1).isAdmitted)
    }
}

extension RateLimitDecision {
    fileprivate var isAdmitted: Bool {
        if case .admitted = self { return true }
        return false
    }
}
