/// Where one top-level member of a JSON object lies in its document, found without building its
/// key or value (``JSON/forEachMember(ofRelayed:_:)``).
public struct JSONMemberLayout: Sendable {
    /// Offset of the key's opening quote.
    public let keyStart: Int
    /// The key's bytes between its quotes, escapes as written.
    public let keyContent: Range<Int>
    public let keyHasEscapes: Bool
    public let valueRange: Range<Int>
    public let kind: JSONKind

    /// Whether the key is `name` (given as its UTF-8 bytes). An escaped key is decoded first.
    public func keyIs(_ name: [UInt8], in document: [UInt8]) -> Bool {
        document.withUnsafeBytes { keyIs(name, in: $0) }
    }

    /// As ``keyIs(_:in:)-(_,[UInt8])``, for a document held in raw memory.
    public func keyIs(_ name: [UInt8], in document: UnsafeRawBufferPointer) -> Bool {
        if keyHasEscapes {
            var parser = JSONParser(bytes: document)
            parser.position = keyStart
            return (try? parser.parseString()).map { $0.utf8.elementsEqual(name) } ?? false
        }
        guard keyContent.count == name.count else { return false }
        return name.withUnsafeBytes { ByteWord.equal(UnsafeRawBufferPointer(rebasing: document[keyContent]), $0) }
    }
}

extension JSON {
    /// Checks that a document is one JSON object and calls `body` with each top-level member's
    /// layout, in order; returns the offset of the closing brace.
    ///
    /// For documents the gateway relays rather than reads (an upstream's stream events): the
    /// structure is checked as by ``index(_:validatingStrings:)`` with `validatingStrings: false`
    /// (strings are not checked for UTF-8, a key given twice is not an error), and no key or
    /// value is built, so a relayed event costs no allocation here.
    public static func forEachMember(
        ofRelayed bytes: [UInt8], _ body: (JSONMemberLayout) -> Void
    ) throws(JSONSyntaxError) -> Int {
        try forEachMember(ofRelayedObjectIn: bytes, at: 0..<bytes.count, body)
    }

    /// As ``forEachMember(ofRelayed:_:)``, for the object that spans exactly `range` of `document`
    /// (a member's value, such as a chunk's `usage`); the layouts' offsets are the document's.
    public static func forEachMember(
        ofRelayedObjectIn document: [UInt8], at range: Range<Int>, _ body: (JSONMemberLayout) -> Void
    ) throws(JSONSyntaxError) -> Int {
        let result = document.withUnsafeBytes { buffer in
            Swift.Result { () throws(JSONSyntaxError) -> Int in
                try forEachMember(ofRelayedObjectIn: buffer, at: range, body)
            }
        }
        return try result.get()
    }

    /// As ``forEachMember(ofRelayedObjectIn:at:_:)-([UInt8],_,_)``, for a document held in raw
    /// memory (an event still in the buffer it was read into).
    ///
    /// `resumingAt`: the offset (in `range`) of a member's key, when the bytes before it are known
    /// to be what an earlier walk of the same kind accepted up to that key: the walk starts there
    /// and reports the members from that one on. A stream's chunks repeat their first members
    /// (`id`, `object`, `created`, `model`) byte for byte, so a relay need not walk them again.
    public static func forEachMember(
        ofRelayedObjectIn document: UnsafeRawBufferPointer, at range: Range<Int>, resumingAt resume: Int? = nil,
        _ body: (JSONMemberLayout) -> Void
    ) throws(JSONSyntaxError) -> Int {
        let base = range.lowerBound
        var parser = JSONParser(bytes: UnsafeRawBufferPointer(rebasing: document[range]))
        parser.validatesSkippedStrings = false
        if let resume {
            // Where the earlier walk stood at this key: inside the top-level object.
            parser.position = resume
            parser.depth = 1
        } else {
            try parser.enterTopLevelObject()
            if try parser.endsEmptyObject() {
                try expectEnd(&parser)
                return base + parser.position - 1
            }
        }
        while true {
            let keyStart = try parser.skipToKey()
            let (keyEnd, keyHasEscapes) = try parser.skipKey()
            try parser.expectColon()
            parser.skipWhitespace()
            let valueStart = parser.position
            let kind = try parser.skipValue()
            body(JSONMemberLayout(
                keyStart: base + keyStart, keyContent: base + keyStart + 1..<base + keyEnd, keyHasEscapes: keyHasEscapes,
                valueRange: base + valueStart..<base + parser.position, kind: kind))
            if try parser.endsMember() { break }
        }
        let closingBrace = base + parser.position - 1
        try expectEnd(&parser)
        return closingBrace
    }
}
