import SwitchboardCore

/// The top-level members of a Chat Completions answer or stream chunk that the relays read
/// (`model`, `usage`, `choices`, `error`; the last of each, as a JSON object's member is read
/// elsewhere), noted in the one pass of ``JSON/forEachMember(ofRelayed:_:)``, and what cutting
/// `usage` out removes.
struct ChatCompletionMembers {
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
        var members = ChatCompletionMembers()
        let closingBrace = try JSON.forEachMember(ofRelayedObjectIn: document, at: 0..<document.count) {
            members.note($0, in: document)
        }
        return (members, closingBrace)
    }

    private mutating func note(_ member: JSONMemberLayout, in document: UnsafeRawBufferPointer) {
        if followsUsage {
            afterUsage = member.keyStart
            followsUsage = false
        }
        defer { previousValueEnd = member.valueRange.upperBound }
        // Most members of a chunk (`id`, `object`, `created`'s kin) are none of the four: a key of
        // another length is passed over without comparing bytes.
        if !member.keyHasEscapes, member.keyContent.count != 5, member.keyContent.count != 7 { return }
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
