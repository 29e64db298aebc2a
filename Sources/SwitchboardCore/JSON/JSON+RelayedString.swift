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
        guard start >= 0, start < document.count, document[start] == UInt8(ascii: "\""), let base = document.baseAddress else { return nil }
        // The plain case (no escape, no control character): the first quote ends it.
        var index = start + 1
        while index + 8 <= document.count {
            let word = ByteWord.load(base, at: index)
            let stops = ByteWord.mask(of: UInt8(ascii: "\""), in: word) | ByteWord.mask(of: UInt8(ascii: "\\"), in: word)
                | ByteWord.mask(below: 0x20, in: word)
            if stops != 0 {
                index += ByteWord.firstFlagged(stops)
                break
            }
            index += 8
        }
        while index < document.count, document[index] != UInt8(ascii: "\""), document[index] != UInt8(ascii: "\\"), document[index] >= 0x20 {
            index += 1
        }
        if index < document.count, document[index] == UInt8(ascii: "\"") { return index + 1 }
        // An escape, a control character or no end: the parser checks it and makes the verdict.
        var parser = JSONParser(bytes: document)
        parser.validatesSkippedStrings = false
        parser.position = start
        do {
            try parser.skipString()
        } catch {
            return nil
        }
        return parser.position
    }
}
