extension JSON {
    /// The offset just past the closing quote of the string literal whose opening quote is at
    /// `start` in `document`, checked as ``forEachMember(ofRelayedObjectIn:at:resumingAt:_:)``
    /// checks the strings it walks past (escapes and control characters, not UTF-8); nil when
    /// there is no sound string literal there.
    ///
    /// One string token may take another's place in a document without changing whether the
    /// document is sound: a relay that knows a chunk to be an earlier one with a different string
    /// checks only that string (``ChatChunkTemplate``).
    public static func endOfRelayedString(in document: UnsafeRawBufferPointer, openingQuoteAt start: Int) -> Int? {
        guard start >= 0, start < document.count, document[start] == UInt8(ascii: "\"") else { return nil }
        // The walk's own string scan (a key and a skipped string value are scanned alike).
        var parser = JSONParser(bytes: document)
        parser.validatesSkippedStrings = false
        parser.position = start
        guard (try? parser.skipKey()) != nil else { return nil }
        return parser.position
    }
}
