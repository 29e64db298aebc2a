import SwitchboardCore

/// The top-level members of a chunk the relay reads (the last of each, as a JSON object's member
/// is read elsewhere), and what leaving out `usage` removes.
struct ChunkMembers {
    private(set) var model: JSONMemberLayout?
    private(set) var usage: JSONMemberLayout?
    private(set) var choices: JSONMemberLayout?
    private(set) var error: JSONMemberLayout?
    /// The end of the value of the member before `usage`, and the key of the member after it.
    private var beforeUsage: Int?
    private var afterUsage: Int?
    private var previousValueEnd: Int?
    private var followsUsage = false

    private static let modelKey = Array("model".utf8)
    private static let usageKey = Array("usage".utf8)
    private static let choicesKey = Array("choices".utf8)
    private static let errorKey = Array("error".utf8)

    mutating func note(_ member: JSONMemberLayout, in document: [UInt8]) {
        if followsUsage {
            afterUsage = member.keyStart
            followsUsage = false
        }
        // Most keys are told apart by their length alone (an escaped key is decoded to compare).
        switch member.keyHasEscapes ? 0 : member.keyContent.count {
        case 0, 5, 7:
            if member.keyIs(Self.choicesKey, in: document) {
                choices = member
            } else if member.keyIs(Self.modelKey, in: document) {
                model = member
            } else if member.keyIs(Self.usageKey, in: document) {
                usage = member
                beforeUsage = previousValueEnd
                afterUsage = nil
                followsUsage = true
            } else if member.keyIs(Self.errorKey, in: document) {
                error = member
            }
        default:
            break
        }
        previousValueEnd = member.valueRange.upperBound
    }

    /// The bytes to leave out to remove `usage` with the comma that separates it from a neighbour.
    var usageRemoval: Range<Int>? {
        guard let usage else { return nil }
        if let afterUsage { return usage.keyStart..<afterUsage }
        if let beforeUsage { return beforeUsage..<usage.valueRange.upperBound }
        return usage.keyStart..<usage.valueRange.upperBound
    }
}
