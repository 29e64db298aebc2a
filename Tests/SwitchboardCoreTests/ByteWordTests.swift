import Testing
@testable import SwitchboardCore

/// The eight-bytes-at-a-time scans against plain loops, with the byte looked for at every offset
/// of a word and across word boundaries.
@Suite("Byte scans")
struct ByteWordTests {
    /// Every length up to three words, the target at every offset, with neighbours that differ
    /// from it by one bit (the bytes a borrow could confuse).
    @Test func firstIndexFindsTheFirstMatchAtEveryOffset() {
        for length in 0..<26 {
            for target in 0..<max(length, 1) {
                for filler: UInt8 in [0x21, 0x23, 0x00, 0xFF, 0xA2] {
                    var bytes = [UInt8](repeating: filler, count: length)
                    if target < length { bytes[target] = 0x22 }
                    if target + 3 < length { bytes[target + 3] = 0x22 }
                    let expected = bytes.firstIndex(of: 0x22)
                    bytes.withUnsafeBytes { buffer in
                        #expect(ByteWord.firstIndex(of: 0x22, in: buffer) == expected, "length \(length) target \(target) filler \(filler)")
                        if let expected {
                            #expect(ByteWord.firstIndex(of: 0x22, in: buffer, from: expected + 1) == bytes[(expected + 1)...].firstIndex(of: 0x22))
                        }
                    }
                }
            }
        }
    }

    /// Other control bytes (a tab, 0x0B) before the line end do not end the line.
    @Test func firstLineBreakFindsEitherLineEnd() {
        for length in 1..<20 {
            for target in 0..<length {
                for (lineEnd, filler) in [(0x0A, 0x0B), (0x0D, 0x0B), (0x0A, 0x61), (0x0D, 0x61)] as [(UInt8, UInt8)] {
                    var bytes = [UInt8](repeating: filler, count: length)
                    if target >= 2 { bytes[target - 2] = 0x09 }
                    bytes[target] = lineEnd
                    bytes.withUnsafeBytes { buffer in
                        #expect(ByteWord.firstLineBreak(in: buffer, from: 0) == target)
                        #expect(ByteWord.firstLineBreak(in: buffer, from: target + 1) == nil)
                    }
                }
            }
        }
    }

    /// With both line ends in a line, in either order, at any place of lines long and short, the
    /// first one is found, from any start.
    @Test func firstLineBreakFindsTheFirstOfTwoLineEnds() {
        for length in [2, 7, 31, 33, 64, 65, 300] {
            for (first, second) in [(0, 1), (1, length - 1), (length / 2, length - 1), (length - 2, length - 1)] where first < second {
                for (firstEnd, secondEnd) in [(0x0A, 0x0D), (0x0D, 0x0A), (0x0D, 0x0D), (0x0A, 0x0A)] as [(UInt8, UInt8)] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                    bytes[first] = firstEnd
                    bytes[second] = secondEnd
                    bytes.withUnsafeBytes { buffer in
                        #expect(ByteWord.firstLineBreak(in: buffer, from: 0) == first)
                        #expect(ByteWord.firstLineBreak(in: buffer, from: first) == first)
                        #expect(ByteWord.firstLineBreak(in: buffer, from: first + 1) == second)
                        #expect(ByteWord.firstLineBreak(in: buffer, from: second + 1) == nil)
                        #expect(ByteWord.firstLineBreak(in: buffer, from: length) == nil)
                    }
                }
            }
        }
    }

    @Test func equalAndFirstAndLastRangeAgreeWithPlainComparisons() {
        let haystack = Array(#"{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop","content":"x"}"#.utf8)
        for needle in [#""content""#, #""finish_reason""#, #""refusal""#, "{", "}", #""x"}"#, #"{"index""#, ""] {
            let needleBytes = Array(needle.utf8)
            let offsets = needleBytes.isEmpty ? [] : (0...(haystack.count - needleBytes.count)).filter {
                Array(haystack[$0..<$0 + needleBytes.count]) == needleBytes
            }
            haystack.withUnsafeBytes { hay in
                needleBytes.withUnsafeBytes {
                    #expect(ByteWord.firstRange(of: $0, in: hay) == offsets.first, "\(needle)")
                    #expect(ByteWord.lastRange(of: $0, in: hay) == offsets.last, "\(needle)")
                }
            }
        }
        for length in 0..<20 {
            let bytes = (0..<length).map { UInt8($0 + 60) }
            for changed in 0..<length {
                var other = bytes
                other[changed] ^= 0x01
                bytes.withUnsafeBytes { lhs in
                    other.withUnsafeBytes { #expect(!ByteWord.equal(lhs, $0)) }
                    bytes.withUnsafeBytes { #expect(ByteWord.equal(lhs, $0)) }
                }
            }
        }
    }
}

/// JSON strings read a word at a time: the end, an escape, a control character and a byte that is
/// not ASCII are each found at every offset within and across words.
@Suite("JSON string scanning")
struct JSONStringScanTests {
    private static func document(_ content: [UInt8]) -> [UInt8] { [0x22] + content + [0x22] }
    private static let offsets = 0..<20

    @Test func theClosingQuoteEndsTheStringAtEveryOffset() throws {
        for count in Self.offsets {
            let text = String(repeating: "a", count: count)
            #expect(try JSON.parse(Self.document(Array(text.utf8))) == .string(text))
            let index = try JSON.index(Array(#"{"\#(text)k":"\#(text)","b":1}"#.utf8))
            #expect(index.members.map(\.key) == ["\(text)k", "b"])
        }
    }

    @Test func escapesAreDecodedAtEveryOffset() throws {
        for before in Self.offsets {
            for after in [0, 1, 7, 9] {
                let prefix = String(repeating: "a", count: before), suffix = String(repeating: "b", count: after)
                #expect(try JSON.parse(Self.document(Array(#"\#(prefix)\n\"\\\u00e9\#(suffix)"#.utf8)))
                    == .string(prefix + "\n\"\\é" + suffix))
            }
        }
    }

    @Test func aControlCharacterIsRefusedWhereItIs() {
        for offset in Self.offsets {
            let content = [UInt8](repeating: 0x61, count: offset) + [0x09] + [UInt8](repeating: 0x62, count: 10)
            #expect(throws: JSONSyntaxError(message: "control character in string", offset: offset + 1)) {
                try JSON.parse(Self.document(content))
            }
        }
    }

    @Test func bytesThatAreNotASCIIAreValidatedAtEveryOffset() throws {
        for offset in Self.offsets {
            let filler = [UInt8](repeating: 0x61, count: offset)
            let valid = filler + Array("é☕".utf8) + filler
            #expect(try JSON.parse(Self.document(valid)) == .string(String(decoding: valid, as: UTF8.self)))
            #expect(throws: JSONSyntaxError.self) { try JSON.parse(Self.document(filler + [0xFF] + filler)) }
            // After an escape, and as the last byte before the quote.
            #expect(throws: JSONSyntaxError.self) { try JSON.parse(Self.document(filler + [0x5C, 0x6E, 0xC3])) }
            #expect(throws: JSONSyntaxError.self) { try JSON.parse(Self.document(filler + [0x5C, 0xFF] + filler)) }
        }
    }

    @Test func anUnterminatedStringIsRefusedAtEveryLength() {
        for count in Self.offsets {
            #expect(throws: JSONSyntaxError.self) { try JSON.parse([0x22] + [UInt8](repeating: 0x61, count: count)) }
            #expect(throws: JSONSyntaxError.self) { try JSON.parse([0x22] + [UInt8](repeating: 0x61, count: count) + [0x5C]) }
        }
    }
}
