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
    private mutating func scanStringEnd() throws(JSONSyntaxError) -> (end: Int, hasEscapes: Bool, isASCII: Bool) {
        position += 1
        var hasEscapes = false
        var nonASCII: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            nonASCII |= byte & 0x80
            if byte == UInt8(ascii: "\"") {
                let end = position
                position += 1
                return (end, hasEscapes, nonASCII == 0)
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                if position + 1 < bytes.count { nonASCII |= bytes[position + 1] & 0x80 }
                position += 2
                continue
            }
            if byte < 0x20 { throw error("control character in string") }
            position += 1
        }
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
}
