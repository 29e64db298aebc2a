/// Validating a value without building it: what the relays do with every member of every answer
/// and stream event they pass on, and what indexing a request body does with each member.
///
/// This runs over every byte the gateway relays, so it is one loop over a small state machine
/// rather than a call per token: containers are a bit each on a stack of words
/// (``OpenContainers``), strings are scanned eight bytes at a time (``ByteWord``), literals are
/// compared as one word, and only the unusual (an escape, a malformed token, the end of the input)
/// takes the slower general routines, which make the errors. It accepts and refuses exactly what
/// ``JSONParser/parseValue()`` does, apart from a member given twice.
extension JSONParser {
    private enum SkipState {
        /// A value is due (the start, after `[`, `:` or a comma in an array).
        case value
        /// A member's key is due (after `{` or a comma in an object).
        case key
        /// A value just ended.
        case afterValue
    }

    /// Validates one value and returns its kind; `position` ends just past it.
    mutating func skipValue() throws(JSONSyntaxError) -> JSONKind {
        guard let base = bytes.baseAddress else { throw error("unexpected end of input") }
        let count = bytes.count
        var open = OpenContainers()
        var state = SkipState.value
        var kind = JSONKind.null
        var at = position
        defer { position = at }
        while true {
            switch state {
            case .value:
                at = Self.skipSpaces(base, count, from: at)
                guard at < count else { throw errorAt(at, "unexpected end of input") }
                let byte = base.load(fromByteOffset: at, as: UInt8.self)
                switch byte {
                case UInt8(ascii: "\""):
                    at = try skipStringLiteral(base, count, at).end
                    kind = .string
                    state = .afterValue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let isObject = byte == UInt8(ascii: "{")
                    depth += 1
                    guard depth <= Self.maximumDepth else {
                        throw errorAt(at, "nesting deeper than \(Self.maximumDepth) levels")
                    }
                    open.push(isObject: isObject)
                    at = Self.skipSpaces(base, count, from: at + 1)
                    if at < count, base.load(fromByteOffset: at, as: UInt8.self) == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        at += 1
                        depth -= 1
                        open.pop()
                        kind = isObject ? .object : .array
                        state = .afterValue
                    } else {
                        state = isObject ? .key : .value
                    }
                case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                    let (length, literalKind) = Self.literal(base, count, at)
                    if length == 0 {
                        position = at
                        try expectLiteral(byte == UInt8(ascii: "t") ? "true" : byte == UInt8(ascii: "f") ? "false" : "null")
                    }
                    at += length
                    kind = literalKind
                    state = .afterValue
                default:
                    at = try skipNumber(base, count, at)
                    kind = .number
                    state = .afterValue
                }
            case .key:
                at = Self.skipSpaces(base, count, from: at)
                guard at < count, base.load(fromByteOffset: at, as: UInt8.self) == UInt8(ascii: "\"") else {
                    throw errorAt(at, "expected a string key")
                }
                at = Self.skipSpaces(base, count, from: try skipStringLiteral(base, count, at).end)
                guard at < count, base.load(fromByteOffset: at, as: UInt8.self) == UInt8(ascii: ":") else {
                    throw errorAt(at, "expected ':' after key")
                }
                at += 1
                state = .value
            case .afterValue:
                if open.isEmpty { return kind }
                let inObject = open.topIsObject
                at = Self.skipSpaces(base, count, from: at)
                guard at < count else { throw errorAt(at, inObject ? "unterminated object" : "unterminated array") }
                let next = base.load(fromByteOffset: at, as: UInt8.self)
                if next == UInt8(ascii: ",") {
                    at += 1
                    state = inObject ? .key : .value
                } else if next == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    at += 1
                    depth -= 1
                    open.pop()
                    kind = inObject ? .object : .array
                } else {
                    throw errorAt(at, inObject ? "expected ',' or '}' in object" : "expected ',' or ']' in array")
                }
            }
        }
    }

    /// Moves past a string literal whose opening quote is at `start`; returns the offset after
    /// its closing quote, and whether it holds escapes.
    ///
    /// The plain case, a string without escapes, is scanned here; a string with an escape, a
    /// control character or no end is handed to ``scanStringEnd()``, which checks escapes and
    /// makes the errors.
    @inline(__always)
    private mutating func skipStringLiteral(
        _ base: UnsafeRawPointer, _ count: Int, _ start: Int
    ) throws(JSONSyntaxError) -> (end: Int, hasEscapes: Bool) {
        var index = start + 1
        var nonASCII: UInt64 = 0
        while index + 8 <= count {
            let word = ByteWord.load(base, at: index)
            let stops = ByteWord.mask(of: UInt8(ascii: "\""), in: word) | ByteWord.mask(of: UInt8(ascii: "\\"), in: word)
                | ByteWord.mask(below: 0x20, in: word)
            // Bytes past the stop may be counted too: that only costs a needless UTF-8 check.
            nonASCII |= ByteWord.nonASCIIMask(word)
            if stops != 0 {
                index += ByteWord.firstFlagged(stops)
                break
            }
            index += 8
        }
        while index < count {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            nonASCII |= UInt64(byte & 0x80)
            index += 1
        }
        guard index < count, base.load(fromByteOffset: index, as: UInt8.self) == UInt8(ascii: "\"") else {
            position = start
            try skipString()
            return (position, true)
        }
        if validatesSkippedStrings && nonASCII != 0 {
            try Self.validateUTF8(UnsafeRawBufferPointer(start: base + start + 1, count: index - start - 1), baseOffset: start + 1)
        }
        return (index + 1, false)
    }

    /// Moves past a number starting at `start`; a malformed one is left to ``scanNumber()``.
    @inline(__always)
    private mutating func skipNumber(_ base: UnsafeRawPointer, _ count: Int, _ start: Int) throws(JSONSyntaxError) -> Int {
        var index = start
        // The common case: an unsigned integer that does not start with 0, then a delimiter.
        if index < count, base.load(fromByteOffset: index, as: UInt8.self) &- UInt8(ascii: "1") < 9 {
            index += 1
            while index < count, base.load(fromByteOffset: index, as: UInt8.self) &- UInt8(ascii: "0") < 10 { index += 1 }
            if index < count {
                let next = base.load(fromByteOffset: index, as: UInt8.self)
                if next != UInt8(ascii: "."), next | 0x20 != UInt8(ascii: "e") { return index }
            }
        }
        position = start
        _ = try scanNumber()
        return position
    }

    /// The length and kind of the literal `true`, `false` or `null` at `start`, compared as a
    /// word; a length of 0 when none is there.
    @inline(__always)
    private static func literal(_ base: UnsafeRawPointer, _ count: Int, _ start: Int) -> (Int, JSONKind) {
        guard start + 4 <= count else { return (0, .null) }
        let word = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt32.self))
        switch word {
        case 0x6575_7274: return (4, .bool)  // "true"
        case 0x6C6C_756E: return (4, .null)  // "null"
        case 0x736C_6166 where start + 5 <= count && base.load(fromByteOffset: start + 4, as: UInt8.self) == UInt8(ascii: "e"):
            return (5, .bool)  // "false"
        default: return (0, .null)
        }
    }

    @inline(__always)
    private static func skipSpaces(_ base: UnsafeRawPointer, _ count: Int, from start: Int) -> Int {
        var index = start
        while index < count {
            switch base.load(fromByteOffset: index, as: UInt8.self) {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return index
            }
        }
        return index
    }

    private func errorAt(_ offset: Int, _ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: offset)
    }

    /// The containers open inside a value being skipped, innermost last: a bit each, set for an
    /// object, in words kept on the stack (``maximumDepth`` bounds how many are open).
    private struct OpenContainers {
        private var words = InlineArray<8, UInt64>(repeating: 0)
        private var count = 0

        var isEmpty: Bool { count == 0 }

        @inline(__always)
        mutating func push(isObject: Bool) {
            let word = count >> 6
            let bit = UInt64(count & 63)
            words[word] = words[word] & ~(1 << bit) | (isObject ? 1 : 0) << bit
            count += 1
        }

        var topIsObject: Bool {
            @inline(__always) get {
                let index = count - 1
                return words[index >> 6] >> UInt64(index & 63) & 1 == 1
            }
        }

        @inline(__always)
        mutating func pop() { count -= 1 }
    }
}

/// A key of a member the relays walk (``JSON/forEachMember(ofRelayed:_:)``), scanned as skipped
/// strings are.
extension JSONParser {
    /// Moves past the key at `position`; returns the offset of its closing quote and whether it
    /// holds escapes.
    mutating func skipKey() throws(JSONSyntaxError) -> (end: Int, hasEscapes: Bool) {
        guard let base = bytes.baseAddress else { throw error("unterminated string") }
        let (end, hasEscapes) = try skipStringLiteral(base, bytes.count, position)
        position = end
        return (end - 1, hasEscapes)
    }
}
