public import SwitchboardCore

/// Rewrites a JSON object document by replacing, removing or adding top-level members, found by
/// name in its index, while copying every other byte unchanged (the edits are ``JSONEdits``).
public struct JSONSplice {
    private let index: JSONObjectIndex
    private var edits: JSONEdits

    public init(document: [UInt8], index: JSONObjectIndex) {
        self.index = index
        edits = JSONEdits(document: document, closingBrace: index.closingBrace)
    }

    public var hasEdits: Bool { edits.hasEdits }

    /// Sets a member's value: replaced in place when present, appended otherwise.
    public mutating func set(_ key: String, to value: JSONValue) {
        set(key, rawValue: JSON.serialize(value))
    }

    public mutating func set(_ key: String, rawValue: [UInt8]) {
        if let member = index[key] {
            edits.replace(member.valueRange, with: rawValue)
        } else {
            edits.append(key: key, rawValue: rawValue)
        }
    }

    /// Removes a member and the comma that separates it from its neighbour.
    public mutating func remove(_ key: String) {
        let members = index.members
        guard let position = members.lastIndex(where: { $0.key == key }) else { return }
        let member = members[position]
        edits.replace(JSONEdits.removal(
            keyStart: member.keyStart, valueEnd: member.valueRange.upperBound,
            previousValueEnd: position > 0 ? members[position - 1].valueRange.upperBound : nil,
            nextKeyStart: position + 1 < members.count ? members[position + 1].keyStart : nil), with: [])
    }

    /// The rewritten document.
    public func result() -> [UInt8] { edits.result() }

    /// Appends the rewritten document to `output`.
    public func write(into output: inout [UInt8]) { edits.write(into: &output) }
}
