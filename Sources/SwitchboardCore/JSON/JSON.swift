/// Entry points for reading and writing JSON documents held as bytes.
public enum JSON {
    /// Parses a complete document into a value.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        try withBytes(bytes) { buffer throws(JSONSyntaxError) in
            var parser = JSONParser(bytes: buffer)
            let value = try parser.parseValue()
            try expectEnd(&parser)
            return value
        }
    }

    /// Parses a document given as text.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Validates a whole document whose top level must be an object and returns where each of its
    /// members lies, without building any value. A top-level member given twice is an error.
    public static func index(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONObjectIndex {
        try withBytes(bytes) { buffer throws(JSONSyntaxError) in try index(buffer: buffer) }
    }

    private static func index(buffer: UnsafeRawBufferPointer, validatingStrings: Bool = true) throws(JSONSyntaxError) -> JSONObjectIndex {
        var parser = JSONParser(bytes: buffer)
        parser.validatesSkippedStrings = validatingStrings
        try parser.enterTopLevelObject()
        var members: [JSONObjectIndex.Member] = []
        members.reserveCapacity(8)
        var keys = JSONKeySet()
        try parser.forEachMember { parser throws(JSONSyntaxError) in
            let keyStart = parser.position
            let key = try parser.parseString()
            guard !validatingStrings || keys.insert(key) else { throw parser.duplicateKeyError(key, at: keyStart) }
            try parser.expectColon()
            parser.skipWhitespace()
            let valueStart = parser.position
            let kind = try parser.skipValue()
            members.append(.init(key: key, keyStart: keyStart, valueRange: valueStart..<parser.position, kind: kind))
        }
        let closingBrace = parser.position - 1
        try expectEnd(&parser)
        return JSONObjectIndex(members: members, closingBrace: closingBrace)
    }

    /// Serialises a value compactly.
    public static func serialize(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        JSONWriter.write(value, into: &output)
        return output
    }

    /// Serialises a value compactly as text.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: serialize(value), as: UTF8.self)
    }

    static func expectEnd(_ parser: inout JSONParser) throws(JSONSyntaxError) {
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else { throw parser.error("unexpected data after the JSON value") }
    }

    /// Parses a complete document held in an array (no generic dispatch on the hot path).
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes[...])
    }

    public static func parse(_ bytes: ArraySlice<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in
            Swift.Result { () throws(JSONSyntaxError) -> JSONValue in
                var parser = JSONParser(bytes: buffer)
                let value = try parser.parseValue()
                try expectEnd(&parser)
                return value
            }
        }
        return try result.get()
    }

    /// Indexes a document held in an array (no generic dispatch on the hot path).
    ///
    /// `validatingStrings: false` skips the UTF-8 check of nested strings and the check for
    /// duplicated members, for documents the gateway relays without reading them (an upstream's
    /// stream events); the structure is still checked.
    public static func index(_ bytes: [UInt8], validatingStrings: Bool = true) throws(JSONSyntaxError) -> JSONObjectIndex {
        let result = bytes.withUnsafeBytes { buffer in
            Swift.Result { () throws(JSONSyntaxError) -> JSONObjectIndex in
                try index(buffer: buffer, validatingStrings: validatingStrings)
            }
        }
        return try result.get()
    }

    private static func withBytes<Result>(
        _ bytes: some Collection<UInt8>,
        _ body: (UnsafeRawBufferPointer) throws(JSONSyntaxError) -> Result
    ) throws(JSONSyntaxError) -> Result {
        let outcome: Swift.Result<Result, JSONSyntaxError>? = bytes.withContiguousStorageIfAvailable { storage in
            Swift.Result { () throws(JSONSyntaxError) in try body(UnsafeRawBufferPointer(storage)) }
        }
        if let outcome { return try outcome.get() }
        let copy = Array(bytes)
        let result = copy.withUnsafeBytes { buffer in
            Swift.Result { () throws(JSONSyntaxError) in try body(buffer) }
        }
        return try result.get()
    }
}

/// Where the members of a top-level JSON object lie in its document.
///
/// Lets the passthrough relay read and rewrite a few members (`model`, `stream_options`) by
/// splicing bytes, leaving every other byte of the client's body exactly as sent.
public struct JSONObjectIndex: Sendable {
    public struct Member: Sendable {
        public let key: String
        /// Offset of the key's opening quote.
        public let keyStart: Int
        public let valueRange: Range<Int>
        public let kind: JSONKind
    }

    public let members: [Member]
    /// Offset of the object's closing brace.
    public let closingBrace: Int

    public subscript(key: String) -> Member? {
        // Lengths first: comparing two unequal strings is much dearer than comparing two counts.
        let length = key.utf8.count
        return members.last(where: { $0.key.utf8.count == length && $0.key == key })
    }
}
