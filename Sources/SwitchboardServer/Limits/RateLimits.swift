public import SwitchboardStore

/// The rate limits one bucket (a client key, or a key and model) is held to.
///
/// Each limit is optional; a limit that is not set, or not positive, does not limit anything (the CLI
/// and admin API refuse limits below 1, so a key is blocked by revoking it, not by a zero limit).
public struct RateLimits: Sendable, Equatable {
    /// Requests per minute.
    public var rpm: Int?
    /// Tokens (prompt + completion) per minute.
    public var tpm: Int?
    /// Requests in flight at once.
    public var maxConcurrency: Int?

    public init(rpm: Int? = nil, tpm: Int? = nil, maxConcurrency: Int? = nil) {
        self.rpm = rpm
        self.tpm = tpm
        self.maxConcurrency = maxConcurrency
    }

    /// The rate limits of a client key.
    public init(_ limits: KeyLimits) {
        self.init(rpm: limits.rpm, tpm: limits.tpm, maxConcurrency: limits.maxConcurrency)
    }

    public init(_ limits: ModelLimits) {
        self.init(rpm: limits.rpm, tpm: limits.tpm, maxConcurrency: limits.maxConcurrency)
    }

    /// Nothing to enforce: the limiter admits at once without keeping any state.
    public var isUnlimited: Bool {
        effectiveRPM == nil && effectiveTPM == nil && effectiveMaxConcurrency == nil
    }

    var effectiveRPM: Int? { rpm.flatMap { $0 > 0 ? $0 : nil } }
    var effectiveTPM: Int? { tpm.flatMap { $0 > 0 ? $0 : nil } }
    var effectiveMaxConcurrency: Int? { maxConcurrency.flatMap { $0 > 0 ? $0 : nil } }
}
