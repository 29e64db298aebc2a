#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Random identifiers (`chatcmpl-...`, `req_...`, `key_...`) from the system's secure generator,
/// without the cost of formatting a UUID.
public enum RandomIdentifier {
    private static let digits = Array("0123456789abcdef".utf8)
    private static let pool = Mutex(SecureRandomPool())

    /// `prefix` followed by `length` lowercase hex digits.
    public static func make(_ prefix: String, length: Int = 24) -> String {
        var bytes = Array(prefix.utf8)
        bytes.reserveCapacity(bytes.count + length)
        appendRandomDigits(length, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `prefix`, then 12 hex digits of the time in milliseconds, then `length - 12` random hex digits.
    ///
    /// Ids made later sort after earlier ones, so a store's index on them (the usage log's primary
    /// key) grows at its end instead of at a random page per record: a usage batch dirties a few
    /// pages instead of one per record. The random part keeps ids of one millisecond, and of several
    /// replicas, apart.
    public static func makeTimeOrdered(_ prefix: String, length: Int = 24, milliseconds: UInt64 = currentMilliseconds()) -> String {
        precondition(length > 12, "a time-ordered id needs random digits after the time")
        var bytes = Array(prefix.utf8)
        bytes.reserveCapacity(bytes.count + length)
        for shift in stride(from: 44, through: 0, by: -4) {
            bytes.append(digits[Int((milliseconds >> UInt64(shift)) & 0xF)])
        }
        appendRandomDigits(length - 12, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Wall-clock milliseconds since 1970.
    public static func currentMilliseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(time.tv_sec) * 1000 + UInt64(time.tv_nsec) / 1_000_000
    }

    private static func appendRandomDigits(_ count: Int, to bytes: inout [UInt8]) {
        var bits: UInt64 = 0
        for index in 0..<count {
            if index % 16 == 0 { bits = pool.withLock { $0.next() } }
            bytes.append(digits[Int(bits & 0xF)])
            bits >>= 4
        }
    }
}

/// 4 KB of the kernel's secure random bytes at a time: one read of `/dev/urandom` per 512 words
/// instead of a system call per word (`SystemRandomNumberGenerator` makes one for every 8 bytes,
/// two per request id).
struct SecureRandomPool: ~Copyable {
    private var words = [UInt64](repeating: 0, count: 512)
    private var used = 512
    private var device: Int32 = -1

    mutating func next() -> UInt64 {
        if used == words.count { refill() }
        defer { used += 1 }
        return words[used]
    }

    private mutating func refill() {
        used = 0
        #if canImport(Glibc) || canImport(Darwin)
        if device < 0 { device = open("/dev/urandom", O_RDONLY | O_CLOEXEC) }
        if device >= 0 {
            let wanted = words.count * 8
            let filled = words.withUnsafeMutableBytes { read(device, $0.baseAddress, wanted) }
            if filled == wanted { return }
        }
        #endif
        var generator = SystemRandomNumberGenerator()
        for index in words.indices { words[index] = generator.next() }
    }
}
