extension JSONParser {
    /// Parses a string literal at `position`, decoding escapes and rejecting invalid UTF-8.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = position + 1
        let (end, hasEscapes, isASCII) = try scanStringEnd()
        let content = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        if !hasEscapes {
            // ASCII is valid UTF-8: the generic validating initializer is only needed beyond it.
            if isASCII { return String(decoding: content, as: UTF8.self) }
            guard let string = String(validating: content, as: UTF8.self) else {
                throw JSONSyntaxError(message: "invalid UTF-8 in string", offset: start)
            }
            return string
        }
        return try decodeEscapes(content, baseOffset: start, isASCII: isASCII)
    }

    /// Validates a string literal at `position` without building it.
    mutating func skipString() throws(JSONSyntaxError) {
        let start = position + 1
        let (end, _, isASCII) = try scanStringEnd()
        if validatesSkippedStrings && !isASCII {
            try Self.validateUTF8(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), baseOffset: start)
        }
    }

    /// Moves past the closing quote; returns the offset of that quote, whether escapes occur and
    /// whether every byte is ASCII.
    ///
    /// Every byte of every string the gateway validates passes here, so the bytes are read eight
    /// at a time (``ByteWord``) and the scan jumps straight to the first quote, backslash or
    /// control character among them.
    mutating func scanStringEnd() throws(JSONSyntaxError) -> (end: Int, hasEscapes: Bool, isASCII: Bool) {
        let count = bytes.count
        guard let base = bytes.baseAddress else { throw error("unterminated string") }
        var index = position + 1
        var hasEscapes = false
        var nonASCII: UInt64 = 0
        while true {
            let byte: UInt8
            if index + 8 <= count {
                let word = ByteWord.load(base, at: index)
                let stops = ByteWord.mask(of: UInt8(ascii: "\""), in: word) | ByteWord.mask(of: UInt8(ascii: "\\"), in: word)
                    | ByteWord.mask(below: 0x20, in: word)
                if stops == 0 {
                    nonASCII |= ByteWord.nonASCIIMask(word)
                    index += 8
                    continue
                }
                let offset = ByteWord.firstFlagged(stops)
                // The bytes before the stop are plain string bytes.
                nonASCII |= ByteWord.nonASCIIMask(word) & ((1 << (UInt64(offset) &* 8)) &- 1)
                index += offset
                byte = UInt8(truncatingIfNeeded: word >> (UInt64(offset) &* 8))
            } else {
                guard index < count else { break }
                byte = base.load(fromByteOffset: index, as: UInt8.self)
                nonASCII |= UInt64(byte & 0x80)
                if byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte >= 0x20 {
                    index += 1
                    continue
                }
            }
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return (index, hasEscapes, nonASCII == 0)
            }
            if byte == UInt8(ascii: "\\") {
                // An escape is checked where it is (decoding, when the string is decoded, finds
                // nothing else to refuse but a lone surrogate).
                hasEscapes = true
                guard index + 1 < count else { break }
                switch base.load(fromByteOffset: index + 1, as: UInt8.self) {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u") where index + 6 <= count
                    && (2..<6).allSatisfy({ Self.isHexDigit(base.load(fromByteOffset: index + $0, as: UInt8.self)) }):
                    index += 6
                default:
                    position = index
                    throw error("invalid escape")
                }
                continue
            }
            position = index
            throw error("control character in string")
        }
        position = count
        throw error("unterminated string")
    }

    /// `isASCII`: the literal's bytes are all ASCII, so the decoded bytes are valid UTF-8 (escapes
    /// only ever add the UTF-8 of a valid scalar).
    private func decodeEscapes(_ content: UnsafeRawBufferPointer, baseOffset: Int, isASCII: Bool) throws(JSONSyntaxError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(content.count)
        var index = 0
        func fail(_ message: String) -> JSONSyntaxError {
            JSONSyntaxError(message: message, offset: baseOffset + index)
        }
        while index < content.count {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            guard index + 1 < content.count else { throw fail("invalid escape") }
            let escaped = content[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "\""): output.append(0x22)
            case UInt8(ascii: "\\"): output.append(0x5C)
            case UInt8(ascii: "/"): output.append(0x2F)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = Self.hex4(content, at: index) else { throw fail("invalid \\u escape") }
                index += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 6 <= content.count, content[index] == UInt8(ascii: "\\"),
                        content[index + 1] == UInt8(ascii: "u"),
                        let low = Self.hex4(content, at: index + 2), (0xDC00..<0xE000).contains(low)
                    else { throw fail("unpaired surrogate in \\u escape") }
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw fail("unpaired surrogate in \\u escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                output.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw fail("invalid escape")
            }
        }
        if isASCII { return String(decoding: output, as: UTF8.self) }
        guard let string = String(validating: output, as: UTF8.self) else {
            throw JSONSyntaxError(message: "invalid UTF-8 in string", offset: baseOffset)
        }
        return string
    }

    private static func hex4(_ content: UnsafeRawBufferPointer, at index: Int) -> UInt32? {
        guard index + 4 <= content.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = content[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Checks that a byte range is well-formed UTF-8 (ASCII fast path).
    static func validateUTF8(_ content: UnsafeRawBufferPointer, baseOffset: Int) throws(JSONSyntaxError) {
        var index = 0
        while index < content.count {
            let lead = content[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            let minimum: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: throw JSONSyntaxError(message: "invalid UTF-8 in string", offset: baseOffset + index)
            }
            guard index + length <= content.count else {
                throw JSONSyntaxError(message: "invalid UTF-8 in string", offset: baseOffset + index)
            }
            var scalar = UInt32(lead) & (0xFF >> (length + 1))
            for offset in 1..<length {
                let byte = content[index + offset]
                guard byte & 0xC0 == 0x80 else {
                    throw JSONSyntaxError(message: "invalid UTF-8 in string", offset: baseOffset + index)
                }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
                throw JSONSyntaxError(message: "invalid UTF-8 in string", offset: baseOffset + index)
            }
            index += length
        }
    }

    @inline(__always)
    static func isHexDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || (byte | 0x20) &- UInt8(ascii: "a") < 6
    }
}
