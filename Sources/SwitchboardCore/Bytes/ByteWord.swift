#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// Tests on eight bytes at once, read as one `UInt64`, for the scans that run over every byte of
/// every request and stream: JSON strings (``JSONParser``) and event-stream lines.
///
/// Each `…Mask` sets the high bit of the bytes that match. The lowest flagged byte is always a
/// true match; bytes above it may be false alarms (a borrow), so a scan stops at the lowest one.
public enum ByteWord {
    static let lowBits: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `offset`, the first of them in the lowest bits on any platform.
    @inline(__always)
    public static func load(_ base: UnsafeRawPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Flags the bytes equal to `byte`.
    @inline(__always)
    public static func mask(of byte: UInt8, in word: UInt64) -> UInt64 {
        zeroMask(word ^ (lowBits &* UInt64(byte)))
    }

    /// Flags the bytes below `limit` (at most 0x80).
    @inline(__always)
    public static func mask(below limit: UInt8, in word: UInt64) -> UInt64 {
        (word &- lowBits &* UInt64(limit)) & ~word & highBits
    }

    /// Flags the bytes with their high bit set (not ASCII).
    @inline(__always)
    public static func nonASCIIMask(_ word: UInt64) -> UInt64 { word & highBits }

    /// The position (0–7) of the lowest flagged byte of a non-zero mask.
    @inline(__always)
    public static func firstFlagged(_ mask: UInt64) -> Int { mask.trailingZeroBitCount >> 3 }

    @inline(__always)
    static func zeroMask(_ word: UInt64) -> UInt64 {
        (word &- lowBits) & ~word & highBits
    }

    /// The offset of the first `\n` or `\r` in `bytes` at or after `start`, or nil.
    ///
    /// An event-stream line is a few hundred bytes: libc's `memchr`, which reads them a vector
    /// register at a time, finds the line feed, then a carriage return before it (rare), in about
    /// a quarter of the instructions of a scan of eight bytes at a time (BENCHMARKS.md).
    public static func firstLineBreak(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count else { return nil }
        let from = base + start
        let count = bytes.count - start
        let lineFeed = memchr(from, 0x0A, count)
        let beforeLineFeed = lineFeed.map { from.distance(to: UnsafeRawPointer($0)) } ?? count
        if beforeLineFeed > 0, let carriageReturn = memchr(from, 0x0D, beforeLineFeed) {
            return start + from.distance(to: UnsafeRawPointer(carriageReturn))
        }
        return lineFeed == nil ? nil : start + beforeLineFeed
    }

    /// The offset of the first `byte` in `bytes` at or after `start`, or nil.
    public static func firstIndex(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var index = start
        while index + 8 <= bytes.count {
            let found = mask(of: byte, in: load(base, at: index))
            if found != 0 { return index + firstFlagged(found) }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// Whether two byte ranges hold the same bytes.
    public static func equal(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
        // The C library compares long ranges a vector at a time.
        if lhs.count >= 32 { return memcmp(left, right, lhs.count) == 0 }
        var index = 0
        while index + 8 <= lhs.count {
            if load(left, at: index) != load(right, at: index) { return false }
            index += 8
        }
        while index < lhs.count {
            if lhs[index] != rhs[index] { return false }
            index += 1
        }
        return true
    }

    /// The offset in `haystack` where `needle` first occurs, or nil.
    ///
    /// Candidates are found by the needle's last byte: the needles searched for are quoted JSON
    /// keys, whose first byte (a quote) is everywhere in a document and whose last (a quote too)
    /// is best replaced by the one before it. So the anchor is the last byte that is not a quote.
    public static func firstRange(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        let anchorOffset = needle.lastIndex(where: { $0 != UInt8(ascii: "\"") }) ?? needle.count - 1
        let anchor = needle[anchorOffset]
        let last = haystack.count - needle.count
        var index = anchorOffset
        while let found = firstIndex(of: anchor, in: haystack, from: index) {
            let candidate = found - anchorOffset
            guard candidate <= last else { return nil }
            if equal(UnsafeRawBufferPointer(rebasing: haystack[candidate..<candidate + needle.count]), needle) {
                return candidate
            }
            index = found + 1
        }
        return nil
    }

    /// The offset in `haystack` where `needle` last occurs, or nil: for a key that ends the
    /// objects it is looked for in.
    public static func lastRange(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count, let first = needle.first else { return nil }
        var candidate = haystack.count - needle.count
        while candidate >= 0 {
            if haystack[candidate] == first,
                equal(UnsafeRawBufferPointer(rebasing: haystack[candidate..<candidate + needle.count]), needle)
            {
                return candidate
            }
            candidate -= 1
        }
        return nil
    }
}
