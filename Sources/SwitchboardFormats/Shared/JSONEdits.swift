import SwitchboardCore

/// Edits of a JSON object document by byte range: ranges replaced (or removed) and members added
/// before its closing brace, every other byte copied unchanged.
///
/// ``JSONSplice`` finds the ranges by member name in a ``JSONObjectIndex``; a relay that found
/// them in one pass (``JSON/forEachMember(ofRelayed:_:)``) gives them directly.
public struct JSONEdits {
    private let document: [UInt8]
    private let closingBrace: Int
    private var replacements: [(range: Range<Int>, replacement: [UInt8])] = []
    private var appended: [(key: String, value: [UInt8])] = []

    /// `closingBrace`: the offset of the document's closing brace.
    public init(document: [UInt8], closingBrace: Int) {
        self.document = document
        self.closingBrace = closingBrace
    }

    public var hasEdits: Bool { !replacements.isEmpty || !appended.isEmpty }

    /// Replaces the bytes of `range` (removes them when `replacement` is empty). Ranges given
    /// must not overlap; they may come in any order.
    public mutating func replace(_ range: Range<Int>, with replacement: [UInt8]) {
        replacements.append((range, replacement))
    }

    /// Adds a member before the closing brace.
    public mutating func append(key: String, rawValue: [UInt8]) {
        appended.append((key, rawValue))
    }

    /// The bytes that removing a member takes away: the member and the comma that separates it
    /// from a neighbour (the one after it if any, else the one before it).
    public static func removal(
        keyStart: Int, valueEnd: Int, previousValueEnd: Int?, nextKeyStart: Int?
    ) -> Range<Int> {
        if let nextKeyStart { return keyStart..<nextKeyStart }
        if let previousValueEnd { return previousValueEnd..<valueEnd }
        return keyStart..<valueEnd
    }

    /// The edited document.
    public func result() -> [UInt8] {
        guard hasEdits else { return document }
        var output: [UInt8] = []
        output.reserveCapacity(document.count + 64)
        write(into: &output)
        return output
    }

    /// Appends the edited document to `output`.
    public func write(into output: inout [UInt8]) {
        guard hasEdits else {
            output.append(contentsOf: document)
            return
        }
        var cursor = 0
        let ordered = replacements.count < 2 ? replacements : replacements.sorted(by: { $0.range.lowerBound < $1.range.lowerBound })
        for edit in ordered {
            guard edit.range.lowerBound >= cursor else { continue }
            output.append(contentsOf: document[cursor..<edit.range.lowerBound])
            output.append(contentsOf: edit.replacement)
            cursor = edit.range.upperBound
        }
        if cursor <= closingBrace {
            output.append(contentsOf: document[cursor..<closingBrace])
            cursor = closingBrace
        }
        // A comma unless what is written so far ends with the opening brace (an object left empty).
        var needsComma = Self.lastNonSpace(of: output) != UInt8(ascii: "{")
        for member in appended {
            if needsComma { output.append(UInt8(ascii: ",")) }
            needsComma = true
            output.append(contentsOf: JSON.serialize(.string(member.key)))
            output.append(UInt8(ascii: ":"))
            output.append(contentsOf: member.value)
        }
        output.append(contentsOf: document[cursor...])
    }

    private static func lastNonSpace(of bytes: [UInt8]) -> UInt8? {
        bytes.last(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 })
    }
}
