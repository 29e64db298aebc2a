/// Requests and failures of one breaker over a sliding window, in fixed buckets.
///
/// The window is `bucketCount` buckets of `width`; each outcome lands in the bucket of its time,
/// a bucket left over from an earlier lap is cleared when its slot comes round again, and the
/// totals sum the buckets of the last `bucketCount` widths. The bucket of the latest outcome is
/// remembered with its bounds, so recording is two comparisons and two increments; only crossing
/// into another bucket divides. The buckets are allocated once, with the breaker.
struct FailureWindow: Sendable {
    static let bucketCount = 12

    private struct Bucket: Sendable {
        /// Which width since the clock's origin the counts belong to.
        var index: Int64 = .min
        var requests: Int32 = 0
        var failures: Int32 = 0
    }

    private var buckets: [Bucket]
    private let width: Duration
    /// The bucket index of times in `currentStart..<currentEnd`.
    private var currentIndex: Int64 = 0
    private var currentStart: Duration = .zero
    private var currentEnd: Duration

    init(window: Duration) {
        buckets = Array(repeating: Bucket(), count: Self.bucketCount)
        width = max(.nanoseconds(1), window / Self.bucketCount)
        currentEnd = width
    }

    /// Counts one request, failed or not, at `now`.
    mutating func record(failed: Bool, now: Duration) {
        if now < currentStart || now >= currentEnd {
            currentIndex = bucketIndex(now)
            currentStart = width * currentIndex
            currentEnd = currentStart + width
        }
        let index = currentIndex
        let count = Int64(Self.bucketCount)
        let slot = Int((index % count + count) % count)
        if buckets[slot].index != index {
            buckets[slot] = Bucket(index: index)
        }
        buckets[slot].requests &+= 1
        if failed { buckets[slot].failures &+= 1 }
    }

    /// Requests and failures in the window that ends at `now`.
    func totals(now: Duration) -> (requests: Int, failures: Int) {
        let newest = bucketIndex(now)
        let oldest = newest &- Int64(Self.bucketCount - 1)
        var requests = 0
        var failures = 0
        for bucket in buckets where bucket.index >= oldest && bucket.index <= newest {
            requests += Int(bucket.requests)
            failures += Int(bucket.failures)
        }
        return (requests, failures)
    }

    /// Forgets every outcome (when the breaker closes again).
    mutating func reset() {
        for slot in buckets.indices { buckets[slot] = Bucket() }
    }

    private func bucketIndex(_ now: Duration) -> Int64 {
        if now >= currentStart && now < currentEnd { return currentIndex }
        var index = Int64((now / width).rounded(.down))
        // The division is in floating point: step to the bucket whose bounds hold `now` exactly.
        while now < width * index { index -= 1 }
        while now >= width * (index + 1) { index += 1 }
        return index
    }
}
