public import SwitchboardCore

extension OpenAIChatUsage {
    /// Decodes the `usage` object at `range` of a relayed document straight from its bytes, as
    /// ``decode(_:)`` does from its value; nil when it is not a JSON object.
    ///
    /// Every relayed answer and stream carries one: parsed into a `JSONValue` first (a dictionary,
    /// a `String` per key and per number), it cost about 27,000 instructions, 6 % of a relayed
    /// JSON request. Here only the members read are looked at, and their numbers are read in place.
    public static func decode(_ document: [UInt8], objectAt range: Range<Int>) -> Usage? {
        guard let top = try? counts(inObjectAt: range, of: document) else { return nil }
        let prompt = top.promptDetails.flatMap { try? counts(inObjectAt: $0.valueRange, of: document) } ?? Counts()
        let completion = top.completionDetails.flatMap { try? counts(inObjectAt: $0.valueRange, of: document) } ?? Counts()
        return Usage(
            promptTokens: top.promptTokens ?? 0,
            completionTokens: top.completionTokens ?? 0,
            cachedTokens: prompt.cachedTokens ?? top.promptCacheHitTokens ?? 0,
            cacheWriteTokens: prompt.cacheWriteTokens ?? 0,
            reasoningTokens: completion.reasoningTokens ?? 0
        )
    }

    /// The members read from `usage` or one of its `*_tokens_details` objects, the last of each
    /// name (as a parsed object keeps it); each object is walked once for all of them.
    private struct Counts {
        var promptTokens: Int?
        var completionTokens: Int?
        var promptCacheHitTokens: Int?
        var cachedTokens: Int?
        var cacheWriteTokens: Int?
        var reasoningTokens: Int?
        var promptDetails: JSONMemberLayout?
        var completionDetails: JSONMemberLayout?

        /// The integer members, named so the key table can say which one a key sets (a key path
        /// through an existential cost a dynamic cast per member).
        enum Field {
            case promptTokens, completionTokens, promptCacheHitTokens, cachedTokens, cacheWriteTokens, reasoningTokens
        }

        mutating func set(_ field: Field, _ value: Int?) {
            switch field {
            case .promptTokens: promptTokens = value
            case .completionTokens: completionTokens = value
            case .promptCacheHitTokens: promptCacheHitTokens = value
            case .cachedTokens: cachedTokens = value
            case .cacheWriteTokens: cacheWriteTokens = value
            case .reasoningTokens: reasoningTokens = value
            }
        }
    }

    private static let integerKeys: [(name: [UInt8], field: Counts.Field)] = [
        (Array("prompt_tokens".utf8), .promptTokens),
        (Array("completion_tokens".utf8), .completionTokens),
        (Array("prompt_cache_hit_tokens".utf8), .promptCacheHitTokens),
        (Array("cached_tokens".utf8), .cachedTokens),
        (Array("cache_write_tokens".utf8), .cacheWriteTokens),
        (Array("reasoning_tokens".utf8), .reasoningTokens),
    ]
    private static let promptTokensDetails = Array("prompt_tokens_details".utf8)
    private static let completionTokensDetails = Array("completion_tokens_details".utf8)

    /// Fails when the bytes at `range` are not a JSON object.
    private static func counts(inObjectAt range: Range<Int>, of document: [UInt8]) throws(JSONSyntaxError) -> Counts {
        var counts = Counts()
        _ = try JSON.forEachMember(ofRelayedObjectIn: document, at: range) { member in
            // Keys are told apart by their length first: the names read here have few lengths,
            // and most members of a usage object (`total_tokens`, `audio_tokens`) have none of them.
            if !member.keyHasEscapes, !Self.readKeyLengths.contains(member.keyContent.count) { return }
            if member.keyIs(promptTokensDetails, in: document) {
                counts.promptDetails = member
            } else if member.keyIs(completionTokensDetails, in: document) {
                counts.completionDetails = member
            } else if let key = integerKeys.first(where: { member.keyIs($0.name, in: document) }) {
                counts.set(key.field, integer(member, in: document))
            }
        }
        return counts
    }

    /// The lengths of the keys read (a bit each), for passing over the others at once.
    private static let readKeyLengths: LengthSet = {
        var lengths = LengthSet()
        for name in integerKeys.map(\.name) + [promptTokensDetails, completionTokensDetails] { lengths.insert(name.count) }
        return lengths
    }()

    /// A set of key lengths under 64, as bits.
    private struct LengthSet {
        private var bits: UInt64 = 0
        mutating func insert(_ length: Int) { if length < 64 { bits |= 1 << UInt64(length) } }
        func contains(_ length: Int) -> Bool { length < 64 && bits >> UInt64(length) & 1 == 1 }
    }

    /// A number member's value as `JSONValue.intValue` reads it: nil for anything but a number
    /// that is a whole value.
    private static func integer(_ member: JSONMemberLayout, in document: [UInt8]) -> Int? {
        guard member.kind == .number else { return nil }
        let bytes = document[member.valueRange]
        var value = 0
        var digits = 0
        var index = bytes.startIndex
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index += 1 }
        while index < bytes.endIndex, digits < 18, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            value = value * 10 + Int(digit)
            digits += 1
            index += 1
        }
        if index == bytes.endIndex, digits > 0 { return negative ? -value : value }
        // A fraction, an exponent or a long number: as the parsed value reads it.
        return JSONValue.number(String(decoding: bytes, as: UTF8.self)).intValue
    }
}
