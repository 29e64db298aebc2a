public import SwitchboardCore

/// Relays a Chat Completions event stream from an OpenAI-compatible upstream, event by event.
///
/// Rewrites `model` to the client's name, reads usage for accounting, and drops the usage chunk
/// the gateway asked for on its own behalf when the client did not ask for it. Everything else
/// passes as the upstream sent it.
public struct OpenAIChatStreamRelay: Sendable {
    public let clientModel: String
    public let clientWantsUsage: Bool
    public private(set) var usage: Usage?
    public private(set) var finishReason: FinishReason?
    public private(set) var sawDone = false
    /// The upstream sent an error object inside the stream.
    public private(set) var upstreamError: JSONValue?
    /// The data of an event that is neither JSON nor `[DONE]` (cut to 120 bytes): the stream is
    /// broken and must not be relayed further.
    public private(set) var malformedEvent: String?
    /// At least one chunk carried generated content (text, tool call, refusal).
    public private(set) var sawContent = false

    /// The client's model name as a JSON string, compared with the upstream's bytes as they are.
    private let clientModelJSON: [UInt8]
    /// The last chunk's bytes up to its `choices`, and where its walk stood there: a chunk that
    /// starts with the same bytes (a stream's chunks repeat `id`, `object`, `created`, `model`)
    /// is walked from there on.
    private var resume: (prefix: [UInt8], point: ChatCompletionMembers.ResumePoint)?
    /// The last chunk walked that can stand for the next ones with another string in it (most
    /// content chunks): a chunk that matches it is not walked.
    private var template: ChatChunkTemplate?
    /// The finish reason of the template's chunk, which every chunk it matches has too.
    private var templateFinishReason: FinishReason?
    /// How many chunks the template stood for (for tests).
    private(set) var templateMatches = 0

    /// Where a chunk that repeats the last walked chunk's start is walked from (its `choices` key).
    var resumeOffset: Int? { resume?.point.offset }

    public init(clientModel: String, clientWantsUsage: Bool) {
        self.clientModel = clientModel
        self.clientWantsUsage = clientWantsUsage
        self.clientModelJSON = JSON.serialize(.string(clientModel))
    }

    /// Returns the bytes to send for one upstream event, or nil to send nothing.
    public mutating func relay(_ event: ServerSentEvent) -> [UInt8]? {
        var output: [UInt8] = []
        return relay(event, into: &output) ? output : nil
    }

    /// Appends the bytes to send for one upstream event to `output` (the events of one upstream
    /// read go out in one write); false when nothing is to be sent for it.
    public mutating func relay(_ event: ServerSentEvent, into output: inout [UInt8]) -> Bool {
        event.data.withUnsafeBytes { relay(data: $0, event: event.event, id: event.id, knownOneLine: false, into: &output) }
    }

    /// As ``relay(_:into:)``, for an event where the stream's parser holds it
    /// (``SSEParser/feed(_:each:)``).
    public mutating func relay(_ event: SSEEventBytes, into output: inout [UInt8]) -> Bool {
        relay(data: event.data, event: event.event, id: event.id, knownOneLine: event.isOneLine, into: &output)
    }

    /// Relays the events one upstream read completes (`bytes`, fed to the stream's `parser`),
    /// appending what is to be sent to `output`, so the events that arrived together go out in
    /// one write. Stops at a malformed event (``malformedEvent``). Returns how many of the events
    /// came once content had begun: about one token each, what a stream cut before the
    /// upstream's usage is charged for.
    public mutating func relay(
        read bytes: some Collection<UInt8>, parser: inout SSEParser, into output: inout [UInt8]
    ) throws(SSEParserError) -> Int {
        var contentEvents = 0
        try parser.feed(bytes) { event in
            _ = relay(event, into: &output)
            if malformedEvent != nil { return false }
            if sawContent { contentEvents += 1 }
            return true
        }
        return contentEvents
    }

    /// The bytes to send for an event the upstream left open when its stream ended (no blank
    /// line after it), if there is one and it is sound.
    public mutating func relayRest(of parser: inout SSEParser) -> [UInt8]? {
        guard let event = parser.finish(), let bytes = relay(event), malformedEvent == nil else { return nil }
        return bytes
    }

    /// Runs for every event of every relayed stream, so the event is read where it lies, in one
    /// pass over its top-level members (``ChatCompletionMembers``) with nothing built but the
    /// usage, or by the last template (``ChatChunkTemplate``), and written with its edits (the
    /// model's name, a usage the client did not ask for) spliced in.
    ///
    /// `knownOneLine`: the data is known to hold no line break (else it is looked for).
    private mutating func relay(
        data: UnsafeRawBufferPointer, event: String?, id: String?, knownOneLine: Bool, into output: inout [UInt8]
    ) -> Bool {
        if data.count == 6, data[0] == UInt8(ascii: "["), Self.doneMarker.withUnsafeBytes({ ByteWord.equal(data, $0) }) {
            sawDone = true
            ServerSentEvent(data: Self.doneMarker).encode(into: &output)
            return true
        }
        if let match = template?.match(data) {
            templateMatches += 1
            relayMatched(data, match, event: event, id: id, knownOneLine: knownOneLine, into: &output)
            return true
        }
        guard let (members, madeTemplate) = walk(data) else {
            if !data.isEmpty { malformedEvent = String(decoding: data.prefix(120), as: UTF8.self) }
            return false
        }
        if let errorMember = members.error, errorMember.kind == .object {
            upstreamError = try? JSON.parse(UnsafeRawBufferPointer(rebasing: data[errorMember.valueRange]))
            ServerSentEvent(event: event, data: Array(data), id: id).encode(into: &output)
            return true
        }
        var removal: Range<Int>?
        if let usageMember = members.usage, usageMember.kind == .object {
            usage = OpenAIChatUsage.decode(Array(data), objectAt: usageMember.valueRange)
            if !clientWantsUsage {
                if let choices = members.choices, Self.isEmptyArray(UnsafeRawBufferPointer(rebasing: data[choices.valueRange])) {
                    return false
                }
                removal = members.usageRemoval
            }
        }
        if let choices = members.choices, choices.kind == .array {
            let reason = inspectChoices(UnsafeRawBufferPointer(rebasing: data[choices.valueRange]))
            if madeTemplate { templateFinishReason = reason }
        }
        append(data, replacingModelAt: modelToReplace(members.model?.valueRange, in: data), removing: removal, event: event, id: id, knownOneLine: knownOneLine, to: &output)
        return true
    }

    /// Relays a chunk the template matched. It is the template's chunk with other strings in the
    /// open places, so it has no `usage` or `error` object and the same finish reason (its value
    /// lies outside them); only the model's name is compared again, as `model` could in theory
    /// be an object holding an open string.
    private mutating func relayMatched(
        _ data: UnsafeRawBufferPointer, _ match: ChatChunkTemplate.Match, event: String?, id: String?, knownOneLine: Bool,
        into output: inout [UInt8]
    ) {
        if !sawContent, let choices = match.choices {
            _ = inspectChoices(UnsafeRawBufferPointer(rebasing: data[choices]))
        } else if let templateFinishReason {
            finishReason = templateFinishReason
        }
        append(data, replacingModelAt: modelToReplace(match.model, in: data), removing: nil, event: event, id: id, knownOneLine: knownOneLine, to: &output)
    }

    /// The range of `model`'s value when it is not the client's name already (nil: nothing to
    /// replace).
    private func modelToReplace(_ value: Range<Int>?, in data: UnsafeRawBufferPointer) -> Range<Int>? {
        guard let value, !clientModelJSON.withUnsafeBytes({ ByteWord.equal(UnsafeRawBufferPointer(rebasing: data[value]), $0) })
        else { return nil }
        return value
    }

    /// Appends the event to send: `data` edited (``appendEdited(_:replacingModelAt:removing:to:)``),
    /// as one `data:` line when it is one line without a type or id (the usual case), else
    /// encoded whole.
    private func append(
        _ data: UnsafeRawBufferPointer, replacingModelAt modelValue: Range<Int>?, removing removal: Range<Int>?,
        event: String?, id: String?, knownOneLine: Bool, to output: inout [UInt8]
    ) {
        if event == nil, id == nil, knownOneLine || ByteWord.firstIndex(of: 0x0A, in: data) == nil {
            output.append(contentsOf: Self.dataPrefix)
            appendEdited(data, replacingModelAt: modelValue, removing: removal, to: &output)
            output.append(contentsOf: Self.eventEnd)
        } else {
            var edited: [UInt8] = []
            appendEdited(data, replacingModelAt: modelValue, removing: removal, to: &edited)
            ServerSentEvent(event: event, data: edited, id: id).encode(into: &output)
        }
    }

    /// The members of a chunk the template did not match, checked to be one sound JSON object by
    /// a walk, from the repeated start when the chunk has it (``ChatCompletionMembers/ResumePoint``),
    /// and whether the chunk became the template. Nil when it is not sound.
    private mutating func walk(_ data: UnsafeRawBufferPointer) -> (ChatCompletionMembers, madeTemplate: Bool)? {
        let point = resume.flatMap { resume in
            data.count > resume.prefix.count
                && resume.prefix.withUnsafeBytes({ ByteWord.equal(UnsafeRawBufferPointer(rebasing: data[0..<$0.count]), $0) })
                ? resume.point : nil
        }
        guard let read = try? ChatCompletionMembers.read(data, resumingFrom: point) else { return nil }
        if point == nil, let next = read.point {
            resume = (Array(UnsafeRawBufferPointer(rebasing: data[0..<next.offset])), next)
        }
        guard let next = ChatChunkTemplate(of: data, members: read.members) else { return (read.members, false) }
        template = next
        return (read.members, true)
    }

    /// Appends `data` with the model's value replaced by the client's name and `removal` left
    /// out (the two never overlap: they are different members).
    private func appendEdited(_ data: UnsafeRawBufferPointer, replacingModelAt model: Range<Int>?, removing removal: Range<Int>?, to output: inout [UInt8]) {
        var cursor = 0
        func copy(upTo end: Int) {
            // As typed bytes, so the array copies them in one block rather than byte by byte.
            if end > cursor, let base = data.baseAddress {
                output.append(contentsOf: UnsafeBufferPointer(start: (base + cursor).assumingMemoryBound(to: UInt8.self), count: end - cursor))
            }
        }
        func replace(_ range: Range<Int>, with replacement: [UInt8]) {
            copy(upTo: range.lowerBound)
            output.append(contentsOf: replacement)
            cursor = max(cursor, range.upperBound)
        }
        switch (model, removal) {
        case let (model?, removal?) where removal.lowerBound < model.lowerBound:
            replace(removal, with: [])
            replace(model, with: clientModelJSON)
        case let (model, removal):
            if let model { replace(model, with: clientModelJSON) }
            if let removal { replace(removal, with: []) }
        }
        copy(upTo: data.count)
    }

    private static let dataPrefix = Array("data: ".utf8)
    private static let eventEnd = Array("\n\n".utf8)

    /// Notes generated content and the finish reason by scanning the chunk's bytes, without
    /// building its JSON; returns the chunk's finish reason, if it has one.
    private mutating func inspectChoices(_ bytes: UnsafeRawBufferPointer) -> FinishReason? {
        // `finish_reason` closes a choice in every provider's chunks, so it is looked for from the end.
        var chunkReason: FinishReason?
        if let reason = Self.stringValue(after: Self.finishReasonKey, in: bytes, searchingBackward: true) {
            chunkReason = OpenAIChatFinishReason.decode(reason)
            finishReason = chunkReason
        }
        if !sawContent {
            sawContent = Self.hasNonEmptyString(after: Self.contentKey, in: bytes)
                || Self.hasNonEmptyString(after: Self.refusalKey, in: bytes)
                || Self.find(Self.toolCallsKey, in: bytes) != nil
        }
        return chunkReason
    }

    private static let finishReasonKey = Array("\"finish_reason\"".utf8)
    private static let contentKey = Array("\"content\"".utf8)
    private static let refusalKey = Array("\"refusal\"".utf8)
    private static let toolCallsKey = Array("\"tool_calls\"".utf8)

    /// The string value following `key` and a colon, or nil when the key is absent or its value is
    /// not a string (null). Escapes are kept as written, which is enough for the short enums read here.
    static func stringValue(after key: [UInt8], in bytes: UnsafeRawBufferPointer, searchingBackward: Bool = false) -> String? {
        guard let start = stringStart(after: key, in: bytes, searchingBackward: searchingBackward) else { return nil }
        var end = start
        while end < bytes.endIndex, bytes[end] != UInt8(ascii: "\"") {
            end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<min(end, bytes.endIndex)]), as: UTF8.self)
    }

    /// Whether `key` is followed by a string that is not empty (the text itself is not read).
    static func hasNonEmptyString(after key: [UInt8], in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let start = stringStart(after: key, in: bytes) else { return false }
        return start < bytes.endIndex && bytes[start] != UInt8(ascii: "\"")
    }

    /// The index of the first byte inside the string that follows `key` and a colon.
    private static func stringStart(after key: [UInt8], in bytes: UnsafeRawBufferPointer, searchingBackward: Bool = false) -> Int? {
        let found = searchingBackward ? key.withUnsafeBytes { ByteWord.lastRange(of: $0, in: bytes) } : find(key, in: bytes)
        guard let index = found else { return nil }
        return openingQuote(ofValueAfterKeyEndingAt: index + key.count, in: bytes).map { $0 + 1 }
    }

    /// The opening quote of the string value after a key that ends at `keyEnd` (a colon, spaces
    /// allowed around it); nil when the value is not a string.
    static func openingQuote(ofValueAfterKeyEndingAt keyEnd: Int, in bytes: UnsafeRawBufferPointer) -> Int? {
        var index = keyEnd
        func skipSpaces() {
            while index < bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }
        skipSpaces()
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        skipSpaces()
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else { return nil }
        return index
    }

    /// As ``stringValue(after:in:)-(_,UnsafeRawBufferPointer)``, for bytes in an array.
    static func stringValue(after key: [UInt8], in bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBytes { stringValue(after: key, in: $0) }
    }

    /// The first index of `bytes` where `needle` occurs.
    static func find(_ needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBytes { find(needle, in: $0) }.map { bytes.startIndex + $0 }
    }

    /// The first offset where `needle` occurs in `bytes`.
    static func find(_ needle: [UInt8], in bytes: UnsafeRawBufferPointer) -> Int? {
        needle.withUnsafeBytes { ByteWord.firstRange(of: $0, in: bytes) }
    }

    private static func isEmptyArray(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.allSatisfy { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    }

    public static let doneMarker: [UInt8] = Array("[DONE]".utf8)
}
