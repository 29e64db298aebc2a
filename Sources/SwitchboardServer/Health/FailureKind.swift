/// Why an upstream call failed, as far as the breakers care.
///
/// A transient failure (connect error, timeout, 408/409/429/5xx, overloaded) counts against the
/// (channel, model) breaker; an authentication failure (upstream 401/403) means the channel's key
/// is wrong or revoked, which no retry fixes, so it disables the whole channel.
public enum FailureKind: Sendable, Equatable {
    case transient
    case authentication
}
