/// A strict, allocation-light JSON parser over raw bytes.
///
/// The relay needs two things from a request body without paying for a full decode: proof that the
/// whole document is valid JSON, and the byte ranges of its top-level members so `model` can be
/// rewritten in place. `JSONParser` does both (``JSON/index(_:)``) and also builds full values
/// (``JSON/parse(_:)``) for the translation paths. Nesting is capped so hostile input cannot
/// exhaust the stack, and a member name given twice in one object is an error (``JSONKeySet``).
struct JSONParser: ~Copyable {
    static let maximumDepth = 512

    let bytes: UnsafeRawBufferPointer
    /// Check that skipped strings are valid UTF-8 (off only for bytes relayed as they are).
    var validatesSkippedStrings = true
    var position = 0
    var depth = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    // MARK: Whole values

    mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default:
            let range = try scanNumber()
            return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONObject {
        try enterContainer()
        var members: [(key: String, value: JSONValue)] = []
        var keys = JSONKeySet()
        try forEachMember { parser throws(JSONSyntaxError) in
            let keyStart = parser.position
            let key = try parser.parseString()
            guard keys.insert(key) else { throw parser.duplicateKeyError(key, at: keyStart) }
            try parser.expectColon()
            members.append((key: key, value: try parser.parseValue()))
        }
        depth -= 1
        return JSONObject(members)
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> [JSONValue] {
        try enterContainer()
        var elements: [JSONValue] = []
        try forEachElement { parser throws(JSONSyntaxError) in elements.append(try parser.parseValue()) }
        depth -= 1
        return elements
    }

    // MARK: Skipping (validate without building)

    /// Validates one value and returns its kind; `position` ends just past it.
    ///
    /// Every relayed answer and stream event is walked through here, so a container's contents
    /// are checked by one loop over the containers open inside it (``OpenContainers``) rather
    /// than by recursion through closures; the checks and their errors are those of
    /// ``forEachMember(_:)`` and the array walk.
    mutating func skipValue() throws(JSONSyntaxError) -> JSONKind {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of input") }
        let first = bytes[position]
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return try skipScalar(first) }
        var open = OpenContainers()
        try enterContainer()
        open.push(isObject: first == UInt8(ascii: "{"))
        var justOpened = true
        while true {
            let inObject = open.topIsObject
            skipWhitespace()
            if justOpened, position < bytes.count, bytes[position] == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                position += 1
            } else {
                if inObject {
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                    try skipString()
                    try expectColon()
                    skipWhitespace()
                }
                guard position < bytes.count else { throw error("unexpected end of input") }
                let byte = bytes[position]
                if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    try enterContainer()
                    open.push(isObject: byte == UInt8(ascii: "{"))
                    justOpened = true
                    continue
                }
                _ = try skipScalar(byte)
                // After a value: a comma goes on in the same container, a closing bracket ends it.
                skipWhitespace()
                guard position < bytes.count else { throw error(inObject ? "unterminated object" : "unterminated array") }
                let next = bytes[position]
                position += 1
                if next == UInt8(ascii: ",") {
                    justOpened = false
                    continue
                }
                guard next == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    position -= 1
                    throw error(inObject ? "expected ',' or '}' in object" : "expected ',' or ']' in array")
                }
            }
            // A container just closed: the one around it goes on or closes too.
            depth -= 1
            open.pop()
            while !open.isEmpty {
                let outerIsObject = open.topIsObject
                skipWhitespace()
                guard position < bytes.count else { throw error(outerIsObject ? "unterminated object" : "unterminated array") }
                let next = bytes[position]
                position += 1
                if next == UInt8(ascii: ",") { break }
                guard next == (outerIsObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    position -= 1
                    throw error(outerIsObject ? "expected ',' or '}' in object" : "expected ',' or ']' in array")
                }
                depth -= 1
                open.pop()
            }
            if open.isEmpty { return first == UInt8(ascii: "{") ? .object : .array }
            justOpened = false
        }
    }

    /// Validates a value that is not a container, starting with `byte`.
    private mutating func skipScalar(_ byte: UInt8) throws(JSONSyntaxError) -> JSONKind {
        switch byte {
        case UInt8(ascii: "\""): try skipString(); return .string
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: _ = try scanNumber(); return .number
        }
    }

    /// The containers open inside a value being skipped, innermost last: a bit each (set for an
    /// object) in two words for the first 128 levels, an array beyond (only hostile input nests
    /// deeper, and ``maximumDepth`` bounds it).
    private struct OpenContainers {
        private var low: UInt64 = 0
        private var high: UInt64 = 0
        private var deeper: [Bool] = []
        private var count = 0

        var isEmpty: Bool { count == 0 }

        mutating func push(isObject: Bool) {
            let bit: UInt64 = isObject ? 1 : 0
            if count < 64 {
                low = low & ~(1 << UInt64(count)) | bit << UInt64(count)
            } else if count < 128 {
                high = high & ~(1 << UInt64(count - 64)) | bit << UInt64(count - 64)
            } else {
                deeper.append(isObject)
            }
            count += 1
        }

        var topIsObject: Bool {
            let index = count - 1
            if index < 64 { return low >> UInt64(index) & 1 == 1 }
            if index < 128 { return high >> UInt64(index - 64) & 1 == 1 }
            return deeper[index - 128]
        }

        mutating func pop() {
            count -= 1
            if count >= 128 { deeper.removeLast() }
        }
    }

    // MARK: Containers

    /// Moves past the `{` that opens a document whose top level must be an object.
    mutating func enterTopLevelObject() throws(JSONSyntaxError) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { throw error("expected a JSON object") }
        position += 1
        depth = 1
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        position += 1
    }

    /// Calls `body` with the parser at each member's key; consumes the closing brace.
    mutating func forEachMember(_ body: (inout JSONParser) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw error("expected a string key")
            }
            try body(&self)
            skipWhitespace()
            guard position < bytes.count else { throw error("unterminated object") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "}") { return }
            guard byte == UInt8(ascii: ",") else { position -= 1; throw error("expected ',' or '}' in object") }
        }
    }

    private mutating func forEachElement(_ body: (inout JSONParser) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            try body(&self)
            skipWhitespace()
            guard position < bytes.count else { throw error("unterminated array") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "]") { return }
            guard byte == UInt8(ascii: ",") else { position -= 1; throw error("expected ',' or ']' in array") }
        }
    }

    mutating func expectColon() throws(JSONSyntaxError) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':' after key") }
        position += 1
    }

    // MARK: Scalars

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("invalid literal") }
        for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] {
            throw error("invalid literal")
        }
        position += count
    }

    private mutating func scanNumber() throws(JSONSyntaxError) -> Range<Int> {
        let start = position
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw error("unexpected character") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        return start..<position
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: position)
    }
}

/// The kind of a JSON value, known after validating it without building it.
public enum JSONKind: Sendable, Equatable {
    case object, array, string, number, bool, null

    public var name: String {
        switch self {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        }
    }
}

/// Invalid JSON, with the byte offset where parsing stopped.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let offset: Int

    public var description: String { "\(message) at byte \(offset)" }
}
