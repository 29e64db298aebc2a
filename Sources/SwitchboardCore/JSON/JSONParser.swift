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
        if try endsEmptyObject() { return }
        repeat {
            _ = try skipToKey()
            try body(&self)
        } while try !endsMember()
    }

    /// Just inside an object: whether it is empty (its closing brace is then consumed).
    mutating func endsEmptyObject() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "}") else { return false }
        position += 1
        return true
    }

    /// Moves to the opening quote of the next key and returns its offset.
    mutating func skipToKey() throws(JSONSyntaxError) -> Int {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string key") }
        return position
    }

    /// After a member's value: true at the object's closing brace, false at a comma (both
    /// consumed).
    mutating func endsMember() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw error("unterminated object") }
        let byte = bytes[position]
        position += 1
        if byte == UInt8(ascii: "}") { return true }
        guard byte == UInt8(ascii: ",") else {
            position -= 1
            throw error("expected ',' or '}' in object")
        }
        return false
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

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("invalid literal") }
        for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] {
            throw error("invalid literal")
        }
        position += count
    }

    mutating func scanNumber() throws(JSONSyntaxError) -> Range<Int> {
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
