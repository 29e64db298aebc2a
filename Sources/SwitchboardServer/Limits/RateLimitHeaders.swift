public import Foundation

/// The rate-limit response headers clients already know how to read, in OpenAI's and Anthropic's
/// spelling, so SDKs and tools that pace themselves by them work against the gateway unchanged.
///
/// Only limits that are set produce headers; a key without limits gets none.
public enum RateLimitHeaders {
    /// `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, resets as Go-style durations
    /// (`1s`, `6m0s`, `20ms`), as OpenAI sends them.
    public static func openAI(_ snapshot: RateLimitSnapshot) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(6)
        if let requests = snapshot.requests {
            headers.append(("x-ratelimit-limit-requests", String(requests.limit)))
            headers.append(("x-ratelimit-remaining-requests", String(requests.remaining)))
            headers.append(("x-ratelimit-reset-requests", RateLimitFormat.goDuration(requests.resetsIn)))
        }
        if let tokens = snapshot.tokens {
            headers.append(("x-ratelimit-limit-tokens", String(tokens.limit)))
            headers.append(("x-ratelimit-remaining-tokens", String(tokens.remaining)))
            headers.append(("x-ratelimit-reset-tokens", RateLimitFormat.goDuration(tokens.resetsIn)))
        }
        return headers
    }

    /// `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}`, resets as the RFC 3339 UTC
    /// time (whole seconds, rounded up) when the limit is fully replenished, as Anthropic sends them.
    public static func anthropic(_ snapshot: RateLimitSnapshot, now: Date) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(6)
        let seconds = now.timeIntervalSince1970
        func resetTime(_ window: RateLimitSnapshot.Window) -> String {
            let reset = (seconds + Double(RateLimitFormat.milliseconds(window.resetsIn)) / 1000).rounded(.up)
            return RateLimitFormat.rfc3339(secondsSince1970: Int64(reset))
        }
        if let requests = snapshot.requests {
            headers.append(("anthropic-ratelimit-requests-limit", String(requests.limit)))
            headers.append(("anthropic-ratelimit-requests-remaining", String(requests.remaining)))
            headers.append(("anthropic-ratelimit-requests-reset", resetTime(requests)))
        }
        if let tokens = snapshot.tokens {
            headers.append(("anthropic-ratelimit-tokens-limit", String(tokens.limit)))
            headers.append(("anthropic-ratelimit-tokens-remaining", String(tokens.remaining)))
            headers.append(("anthropic-ratelimit-tokens-reset", resetTime(tokens)))
        }
        return headers
    }

    /// The `Retry-After` value: whole seconds, rounded up, at least 1.
    public static func retryAfter(_ duration: Duration) -> String {
        let milliseconds = RateLimitFormat.milliseconds(duration)
        return String(max(1, (milliseconds + 999) / 1000))
    }
}
