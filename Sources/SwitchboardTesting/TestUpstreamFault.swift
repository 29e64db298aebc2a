/// A fault the test upstream injects, parsed from a model name that starts with `fault:` (see
/// ``TestUpstreamScenario`` for what each one does). Parsing is kept apart from the I/O so the
/// names are checked in one place.
enum TestUpstreamFault: Equatable, Sendable {
    /// What `Retry-After` an error answer carries.
    enum RetryAfter: Equatable, Sendable {
        /// `7` on 429, 503 and 529; none on other statuses.
        case standard
        case seconds(Int)
        case none
    }

    case status(Int, retryAfter: RetryAfter)
    case flaky(failures: Int, status: Int)
    case slowStream
    case stallBeforeFirstByte(Duration)
    case stallMidStream(Duration)
    case dropMidStream
    case resetBeforeHeaders
    case resetMidStream
    case streamError
    case badJSON
    case badSSE
    /// An answer of `bytes`; a stream even for a non-stream request when `alwaysStream`.
    case huge(bytes: Int, alwaysStream: Bool)
    /// The small answer one byte every `interval`.
    case drip(interval: Duration)

    static let defaultStall = Duration.seconds(30)

    /// The fault named by `name` (the model without `fault:`); nil for a name it does not know.
    init?(name: String) {
        switch name {
        case "slow-stream": self = .slowStream
        case "drop-mid-stream": self = .dropMidStream
        case "reset-before-headers": self = .resetBeforeHeaders
        case "reset-mid-stream": self = .resetMidStream
        case "stream-error": self = .streamError
        case "bad-json": self = .badJSON
        case "bad-sse": self = .badSSE
        case "drip": self = .drip(interval: .milliseconds(100))
        case "stall", "stall-before-first-byte": self = .stallBeforeFirstByte(Self.defaultStall)
        case "stall-mid-stream": self = .stallMidStream(Self.defaultStall)
        default:
            guard let fault = Self.parameterized(name) else { return nil }
            self = fault
        }
    }

    private static func parameterized(_ text: String) -> TestUpstreamFault? {
        let name = Substring(text)
        if let rest = name.dropPrefix("status-") { return status(rest) }
        if let rest = name.dropPrefix("flaky-") {
            // flaky-N-CODE, optionally followed by -TAG to get a counter of its own.
            let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count >= 2, let failures = Int(parts[0]), failures >= 0, let code = statusCode(parts[1]) else { return nil }
            return .flaky(failures: failures, status: code)
        }
        if let rest = name.dropPrefix("stall-mid-stream-") { return seconds(rest).map { .stallMidStream($0) } }
        if let rest = name.dropPrefix("stall-before-first-byte-") { return seconds(rest).map { .stallBeforeFirstByte($0) } }
        if let rest = name.dropPrefix("stall-") { return seconds(rest).map { .stallBeforeFirstByte($0) } }
        if let rest = name.dropPrefix("huge-stream-") { return size(rest).map { .huge(bytes: $0, alwaysStream: true) } }
        if let rest = name.dropPrefix("huge-") { return size(rest).map { .huge(bytes: $0, alwaysStream: false) } }
        if let rest = name.dropPrefix("drip-"), let milliseconds = Int(rest), milliseconds >= 0 {
            return .drip(interval: .milliseconds(milliseconds))
        }
        return nil
    }

    /// `CODE`, `CODE-retry-SECONDS` or `CODE-retry-none`.
    private static func status(_ text: Substring) -> TestUpstreamFault? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let code = parts.first.flatMap(statusCode) else { return nil }
        switch parts.count {
        case 1:
            return .status(code, retryAfter: .standard)
        case 3 where parts[1] == "retry":
            if parts[2] == "none" { return .status(code, retryAfter: .none) }
            guard let seconds = Int(parts[2]), seconds >= 0 else { return nil }
            return .status(code, retryAfter: .seconds(seconds))
        default:
            return nil
        }
    }

    private static func statusCode(_ text: Substring) -> Int? {
        guard let code = Int(text), (100..<1000).contains(code) else { return nil }
        return code
    }

    /// Seconds, possibly fractional (`3`, `0.5`).
    private static func seconds(_ text: Substring) -> Duration? {
        guard let value = Double(text), value >= 0, value.isFinite else { return nil }
        return .milliseconds(Int((value * 1000).rounded()))
    }

    /// `50mb` (MiB) or `64kb` (KiB).
    private static func size(_ text: Substring) -> Int? {
        for (unit, scale) in [("mb", 1024 * 1024), ("kb", 1024)] {
            if let number = text.dropSuffix(unit), let value = Int(number), value > 0, value <= 4096 { return value * scale }
        }
        return nil
    }
}

extension Substring {
    fileprivate func dropPrefix(_ prefix: String) -> Substring? {
        hasPrefix(prefix) ? self[index(startIndex, offsetBy: prefix.count)...] : nil
    }

    fileprivate func dropSuffix(_ suffix: String) -> Substring? {
        hasSuffix(suffix) ? self[..<index(endIndex, offsetBy: -suffix.count)] : nil
    }
}
