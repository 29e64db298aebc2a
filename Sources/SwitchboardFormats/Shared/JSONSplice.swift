public import SwitchboardCore

/// Rewrites a JSON object document by replacing, removing or adding top-level members while
/// copying every other byte unchanged.
public struct JSONSplice {
    private let document: [UInt8]
    private let index: JSONObjectIndex
    private var edits: [(range: Range<Int>, replacement: [UInt8])] = []
    private var appended: [(key: String, value: [UInt8])] = []

    public init(document: [UInt8], index: JSONObjectIndex) {
        self.document = document
        self.index = index
    }

    public var hasEdits: Bool { !edits.isEmpty || !appended.isEmpty }

    /// Sets a member's value: replaced in place when present, appended otherwise.
    public mutating func set(_ key: String, to value: JSONValue) {
        set(key, rawValue: JSON.serialize(value))
    }

    public mutating func set(_ key: String, rawValue: [UInt8]) {
        if let member = index[key] {
            edits.append((member.valueRange, rawValue))
        } else {
            appended.append((key, rawValue))
        }
    }

    /// Removes a member and the comma that separates it from its neighbour.
    public mutating func remove(_ key: String) {
        guard let position = index.members.lastIndex(where: { $0.key == key }) else { return }
        let member = index.members[position]
        let range: Range<Int>
        if position + 1 < index.members.count {
            range = member.keyStart..<index.members[position + 1].keyStart
        } else if position > 0 {
            range = index.members[position - 1].valueRange.upperBound..<member.valueRange.upperBound
        } else {
            range = member.keyStart..<member.valueRange.upperBound
        }
        edits.append((range, []))
    }

    /// The rewritten document.
    public func result() -> [UInt8] {
        guard hasEdits else { return document }
        var output: [UInt8] = []
        output.reserveCapacity(document.count + 64)
        write(into: &output)
        return output
    }

    /// Appends the rewritten document to `output`.
    public func write(into output: inout [UInt8]) {
        guard hasEdits else {
            output.append(contentsOf: document)
            return
        }
        var cursor = 0
        let ordered = edits.count < 2 ? edits : edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound })
        for edit in ordered {
            guard edit.range.lowerBound >= cursor else { continue }
            output.append(contentsOf: document[cursor..<edit.range.lowerBound])
            output.append(contentsOf: edit.replacement)
            cursor = edit.range.upperBound
        }
        let closing = index.closingBrace
        if cursor <= closing {
            output.append(contentsOf: document[cursor..<closing])
            cursor = closing
        }
        let isEmptyObject = index.members.isEmpty
        for (offset, member) in appended.enumerated() {
            if !(isEmptyObject && offset == 0) { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: JSON.serialize(.string(member.key)))
            output.append(UInt8(ascii: ":"))
            output.append(contentsOf: member.value)
        }
        output.append(contentsOf: document[cursor...])
    }
}
