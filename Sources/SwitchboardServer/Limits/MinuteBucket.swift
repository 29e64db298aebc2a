/// A token bucket that holds up to `limit` and refills continuously at `limit` per minute.
///
/// Amounts are kept as integers in units of 1/60,000,000 of a token, so one microsecond refills
/// exactly `limit` units: no rounding drift, and a bucket refilled in many small steps admits at the
/// same instant as one refilled in a single step. `available` goes below zero for debt (tokens used
/// beyond the estimate), which the refill pays back before anything is admitted again.
struct MinuteBucket: Sendable {
    static let unitsPerToken: Int64 = 60_000_000
    /// Larger limits (and token counts) are clamped so every sum stays inside `Int64`.
    static let maxAmount: Int64 = 10_000_000_000
    /// The deepest debt kept; far beyond any real use (about 13 times the largest capacity).
    static let minAvailable: Int64 = -8_000_000_000_000_000_000

    private(set) var limit: Int64
    /// In units; at most `capacity`.
    private(set) var available: Int64

    init(limit: Int) {
        self.limit = Swift.max(1, Self.clamped(limit))
        self.available = self.limit * Self.unitsPerToken
    }

    static func clamped(_ amount: Int) -> Int64 {
        Int64(Swift.min(Swift.max(amount, 0), Int(maxAmount)))
    }

    var capacity: Int64 { limit * Self.unitsPerToken }
    var isFull: Bool { available >= capacity }

    /// Keeps what is used when the operator changes the limit: a raised limit is available at once.
    mutating func resize(to newLimit: Int) {
        let newLimit = Swift.max(1, Self.clamped(newLimit))
        guard newLimit != limit else { return }
        available = Swift.max(Self.minAvailable, available + (newLimit - limit) * Self.unitsPerToken)
        limit = newLimit
    }

    /// Microseconds of refill until `amount` units are available (0 when they already are).
    func microseconds(until amount: Int64) -> Int64 {
        guard available < amount else { return 0 }
        let missing = amount - available
        return (missing + limit - 1) / limit
    }

    mutating func refill(microseconds: Int64) {
        guard microseconds > 0, available < capacity else { return }
        if microseconds >= self.microseconds(until: capacity) {
            available = capacity
        } else {
            available += microseconds * limit
        }
    }

    /// Takes `tokens` whole tokens, possibly into debt.
    mutating func take(_ tokens: Int64) {
        available = Swift.max(Self.minAvailable, available - tokens * Self.unitsPerToken)
    }

    /// Gives back `tokens` whole tokens, never beyond capacity.
    mutating func giveBack(_ tokens: Int64) {
        available = Swift.min(capacity, available + tokens * Self.unitsPerToken)
    }

    /// Whole tokens in use now, debt included (rounded up).
    var used: Int {
        Int((capacity - available + Self.unitsPerToken - 1) / Self.unitsPerToken)
    }

    var window: RateLimitSnapshot.Window {
        RateLimitSnapshot.Window(
            limit: Int(limit), remaining: Int(Swift.max(0, available / Self.unitsPerToken)),
            resetsIn: .microseconds(microseconds(until: capacity)))
    }
}
