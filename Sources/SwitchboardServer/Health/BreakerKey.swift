/// What a breaker is kept for: one model on one channel.
struct BreakerKey: Hashable, Sendable {
    var channel: String
    var model: String
}
