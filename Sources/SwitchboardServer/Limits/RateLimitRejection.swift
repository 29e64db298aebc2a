/// Why a request was refused with 429, when to retry, and the message to show the client.
public struct RateLimitRejection: Sendable, Equatable {
    /// The kind of limit that refused a request.
    public enum Limit: String, Sendable, Equatable {
        case requests
        case tokens
        case concurrency
    }

    /// The limit that refused the request; when several did, the one that frees up last.
    public let limit: Limit
    /// How long until the request would be admitted, as far as `limit` is concerned.
    public let retryAfter: Duration
    /// The limit's size: requests or tokens per minute, or concurrent requests.
    public let limitValue: Int
    /// What is used of it now (more than `limitValue` while tokens are in debt).
    public let used: Int
    /// What the request asked for: 1 request or slot, or the token estimate.
    public let requested: Int
    /// The bucket as it stands (the rejected request consumed nothing).
    public let snapshot: RateLimitSnapshot

    public init(limit: Limit, retryAfter: Duration, limitValue: Int, used: Int, requested: Int, snapshot: RateLimitSnapshot) {
        self.limit = limit
        self.retryAfter = retryAfter
        self.limitValue = limitValue
        self.used = used
        self.requested = requested
        self.snapshot = snapshot
    }

    /// The message in OpenAI's wording, e.g. "Rate limit reached for requests per minute (RPM):
    /// Limit 60, Used 60, Requested 1. Please try again in 1s."
    public var message: String {
        let name = switch limit {
        case .requests: "requests per minute (RPM)"
        case .tokens: "tokens per minute (TPM)"
        case .concurrency: "concurrent requests"
        }
        return "Rate limit reached for \(name): Limit \(limitValue), Used \(used), Requested \(requested). "
            + "Please try again in \(RateLimitFormat.goDuration(retryAfter))."
    }
}
