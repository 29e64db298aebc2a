import Testing
import Foundation
@testable import SwitchboardServer

@Suite("Rate limit headers")
struct RateLimitHeadersTests {
    static let both = RateLimitSnapshot(
        requests: .init(limit: 60, remaining: 59, resetsIn: .seconds(1)),
        tokens: .init(limit: 150_000, remaining: 149_984, resetsIn: .seconds(360)))

    func pairs(_ headers: [(name: String, value: String)]) -> [String] {
        headers.map { "\($0.name): \($0.value)" }
    }

    @Test func openAIHeadersForEveryLimitThatIsSet() {
        #expect(pairs(RateLimitHeaders.openAI(Self.both)) == [
            "x-ratelimit-limit-requests: 60",
            "x-ratelimit-remaining-requests: 59",
            "x-ratelimit-reset-requests: 1s",
            "x-ratelimit-limit-tokens: 150000",
            "x-ratelimit-remaining-tokens: 149984",
            "x-ratelimit-reset-tokens: 6m0s",
        ])
        let requestsOnly = RateLimitSnapshot(requests: .init(limit: 10, remaining: 0, resetsIn: .milliseconds(20)))
        #expect(pairs(RateLimitHeaders.openAI(requestsOnly)) == [
            "x-ratelimit-limit-requests: 10",
            "x-ratelimit-remaining-requests: 0",
            "x-ratelimit-reset-requests: 20ms",
        ])
        #expect(RateLimitHeaders.openAI(.unlimited).isEmpty)
    }

    @Test(arguments: [
        (Duration.zero, "0s"),
        (.seconds(-3), "0s"),
        (.nanoseconds(1), "1ms"),
        (.milliseconds(20), "20ms"),
        (.microseconds(999_001), "1s"),
        (.seconds(1), "1s"),
        (.milliseconds(1500), "1.5s"),
        (.milliseconds(1250), "1.25s"),
        (.milliseconds(1005), "1.005s"),
        (.seconds(59), "59s"),
        (.seconds(60), "1m0s"),
        (.milliseconds(90_500), "1m30.5s"),
        (.seconds(360), "6m0s"),
        (.seconds(3600), "1h0m0s"),
        (.seconds(3723), "1h2m3s"),
    ])
    func openAIDurations(_ duration: Duration, _ text: String) {
        #expect(RateLimitFormat.goDuration(duration) == text)
    }

    @Test func anthropicHeadersGiveTheTimeOfTheFullReset() {
        let now = Date(timeIntervalSince1970: 1_761_393_600)  // 2025-10-25T12:00:00Z
        #expect(pairs(RateLimitHeaders.anthropic(Self.both, now: now)) == [
            "anthropic-ratelimit-requests-limit: 60",
            "anthropic-ratelimit-requests-remaining: 59",
            "anthropic-ratelimit-requests-reset: 2025-10-25T12:00:01Z",
            "anthropic-ratelimit-tokens-limit: 150000",
            "anthropic-ratelimit-tokens-remaining: 149984",
            "anthropic-ratelimit-tokens-reset: 2025-10-25T12:06:00Z",
        ])
        let soon = RateLimitSnapshot(tokens: .init(limit: 1000, remaining: 999, resetsIn: .milliseconds(60)))
        #expect(pairs(RateLimitHeaders.anthropic(soon, now: now.addingTimeInterval(0.3))) == [
            "anthropic-ratelimit-tokens-limit: 1000",
            "anthropic-ratelimit-tokens-remaining: 999",
            "anthropic-ratelimit-tokens-reset: 2025-10-25T12:00:01Z",
        ])
        #expect(RateLimitHeaders.anthropic(.unlimited, now: now).isEmpty)
    }

    @Test func rfc3339TimesMatchFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var samples: [Int64] = [0, 951_868_800, 1_709_251_199, 1_761_393_600, 4_102_444_800, 253_402_300_799]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 { samples.append(Int64.random(in: 0..<4_102_444_800, using: &generator)) }
        for seconds in samples {
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(RateLimitFormat.rfc3339(secondsSince1970: seconds) == expected)
        }
        #expect(RateLimitFormat.rfc3339(secondsSince1970: 1_709_251_199) == "2024-02-29T23:59:59Z")
    }

    @Test func retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        #expect(RateLimitHeaders.retryAfter(.zero) == "1")
        #expect(RateLimitHeaders.retryAfter(.seconds(-5)) == "1")
        #expect(RateLimitHeaders.retryAfter(.milliseconds(1)) == "1")
        #expect(RateLimitHeaders.retryAfter(.seconds(1)) == "1")
        #expect(RateLimitHeaders.retryAfter(.milliseconds(1001)) == "2")
        #expect(RateLimitHeaders.retryAfter(.seconds(75)) == "75")
    }

    @Test func aRejectionCarriesWhatTheHeadersNeed() throws {
        let limiter = RateLimiter()
        let limits = RateLimits(rpm: 60, tpm: 6000)
        let now = ContinuousClock.now
        for _ in 0..<60 { _ = limiter.admit("k", limits: limits, estimatedTokens: 10, now: now) }
        guard case .rejected(let rejection) = limiter.admit("k", limits: limits, estimatedTokens: 10, now: now) else {
            Issue.record("the 61st request in a minute was admitted")
            return
        }
        #expect(RateLimitHeaders.retryAfter(rejection.retryAfter) == "1")
        #expect(pairs(RateLimitHeaders.openAI(rejection.snapshot)) == [
            "x-ratelimit-limit-requests: 60",
            "x-ratelimit-remaining-requests: 0",
            "x-ratelimit-reset-requests: 1m0s",
            "x-ratelimit-limit-tokens: 6000",
            "x-ratelimit-remaining-tokens: 5400",
            "x-ratelimit-reset-tokens: 6s",
        ])
    }
}
