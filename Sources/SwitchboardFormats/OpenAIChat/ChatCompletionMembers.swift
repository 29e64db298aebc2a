import SwitchboardCore

/// The top-level members of a Chat Completions answer or stream chunk that the relays read
/// (`model`, `usage`, `choices`, `error`; the last of each, as a JSON object's member is read
/// elsewhere), noted in the one pass of ``JSON/forEachMember(ofRelayed:_:)``, and what cutting
/// `usage` out removes.
struct ChatCompletionMembers: Sendable {
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

    /// Reads the members of `document`; `closingBrace` is where its object ends.
    static func read(_ document: [UInt8]) throws(JSONSyntaxError) -> (members: ChatCompletionMembers, closingBrace: Int) {
        let result = document.withUnsafeBytes { buffer in
            Swift.Result { () throws(JSONSyntaxError) in try read(buffer) }
        }
        return try result.get()
    }

    /// As ``read(_:)-([UInt8])``, for a document held in raw memory (a stream event where it was read).
    static func read(_ document: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> (members: ChatCompletionMembers, closingBrace: Int) {
        let read = try read(document, resumingFrom: nil)
        return (read.members, read.closingBrace)
    }

    /// Where the walk of a stream chunk can start in the next chunk, when that chunk's bytes up to
    /// there are the same: the key of `choices`, with what the members before it noted.
    struct ResumePoint: Sendable {
        let offset: Int
        let members: ChatCompletionMembers
    }

    /// Reads a stream chunk's members, starting at `point` when the chunk's bytes before
    /// `point.offset` are those of the chunk it was taken from (the caller compares them), and
    /// returns where the next chunk's walk may start.
    static func read(
        _ document: UnsafeRawBufferPointer, resumingFrom point: ResumePoint?
    ) throws(JSONSyntaxError) -> (members: ChatCompletionMembers, closingBrace: Int, point: ResumePoint?) {
        var members = point?.members ?? ChatCompletionMembers()
        // A walk that starts at the point has it already.
        var next = point
        let closingBrace = try JSON.forEachMember(ofRelayedObjectIn: document, at: 0..<document.count, resumingAt: point?.offset) { member in
            // Only a key of `choices`' length (or an escaped one) can be it: the state before it
            // is kept for the next chunk.
            guard next == nil, member.keyHasEscapes || member.keyContent.count == Self.choicesKey.count else {
                members.note(member, in: document)
                return
            }
            let before = members
            members.note(member, in: document)
            if members.choices?.keyStart == member.keyStart { next = ResumePoint(offset: member.keyStart, members: before) }
        }
        return (members, closingBrace, next)
    }

    private mutating func note(_ member: JSONMemberLayout, in document: UnsafeRawBufferPointer) {
        if followsUsage {
            afterUsage = member.keyStart
            followsUsage = false
        }
        defer { previousValueEnd = member.valueRange.upperBound }
        switch Self.readKey(of: member, in: document) {
        case .choices: choices = member
        case .model: model = member
        case .usage:
            usage = member
            beforeUsage = previousValueEnd
            afterUsage = nil
            followsUsage = true
        case .error: error = member
        case nil: break
        }
    }

    private enum ReadKey: CaseIterable {
        case choices, model, usage, error

        var name: [UInt8] {
            switch self {
            case .choices: ChatCompletionMembers.choicesKey
            case .model: ChatCompletionMembers.modelKey
            case .usage: ChatCompletionMembers.usageKey
            case .error: ChatCompletionMembers.errorKey
            }
        }
    }

    /// Which of the four a member's key is, if any. This runs for every member of every relayed
    /// chunk, and most (`id`, `object`, `created`, `system_fingerprint`) are none of them: a plain
    /// key is told by its length and first byte before any bytes are compared.
    private static func readKey(of member: JSONMemberLayout, in document: UnsafeRawBufferPointer) -> ReadKey? {
        if member.keyHasEscapes { return ReadKey.allCases.first { member.keyIs($0.name, in: document) } }
        let candidate: ReadKey
        switch (member.keyContent.count, document[member.keyContent.lowerBound]) {
        case (7, UInt8(ascii: "c")): candidate = .choices
        case (5, UInt8(ascii: "m")): candidate = .model
        case (5, UInt8(ascii: "u")): candidate = .usage
        case (5, UInt8(ascii: "e")): candidate = .error
        default: return nil
        }
        return member.keyIs(candidate.name, in: document) ? candidate : nil
    }

    /// The bytes to leave out to remove `usage`, with the comma that separates it from a neighbour.
    var usageRemoval: Range<Int>? {
        usage.map {
            JSONEdits.removal(
                keyStart: $0.keyStart, valueEnd: $0.valueRange.upperBound,
                previousValueEnd: beforeUsage, nextKeyStart: afterUsage)
        }
    }

    /// Whether the value of `model` already is `clientModelJSON` (the client's name as JSON).
    func modelIs(_ clientModelJSON: [UInt8], in document: [UInt8]) -> Bool {
        document.withUnsafeBytes { modelIs(clientModelJSON, in: $0) }
    }

    func modelIs(_ clientModelJSON: [UInt8], in document: UnsafeRawBufferPointer) -> Bool {
        guard let model else { return false }
        return clientModelJSON.withUnsafeBytes { ByteWord.equal(UnsafeRawBufferPointer(rebasing: document[model.valueRange]), $0) }
    }
}
