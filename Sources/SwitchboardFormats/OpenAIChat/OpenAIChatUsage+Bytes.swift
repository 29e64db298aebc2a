public import SwitchboardCore

extension OpenAIChatUsage {
    /// Decodes the `usage` object at `range` of a relayed document straight from its bytes, as
    /// ``decode(_:)`` does from its value; nil when it is not a JSON object.
    ///
    /// Every relayed answer and stream carries one: parsed into a `JSONValue` first (a dictionary,
    /// a `String` per key and per number), it cost about 27,000 instructions, 6 % of a relayed
    /// JSON request. Here only the members read are looked at, and their numbers are read in place.
    public static func decode(_ document: [UInt8], objectAt range: Range<Int>) -> Usage? {
        var top = TopLevel()
        do {
            _ = try JSON.forEachMember(ofRelayedObjectIn: document, at: range) { member in
                if member.keyIs(Keys.promptTokens, in: document) {
                    top.promptTokens = integer(member, in: document)
                } else if member.keyIs(Keys.completionTokens, in: document) {
                    top.completionTokens = integer(member, in: document)
                } else if member.keyIs(Keys.promptCacheHitTokens, in: document) {
                    top.promptCacheHitTokens = integer(member, in: document)
                } else if member.keyIs(Keys.promptTokensDetails, in: document) {
                    top.promptDetails = member
                } else if member.keyIs(Keys.completionTokensDetails, in: document) {
                    top.completionDetails = member
                }
            }
        } catch {
            return nil
        }
        let prompt = top.promptDetails.map { details(in: $0, of: document) } ?? Details()
        let completion = top.completionDetails.map { details(in: $0, of: document) } ?? Details()
        return Usage(
            promptTokens: top.promptTokens ?? 0,
            completionTokens: top.completionTokens ?? 0,
            cachedTokens: prompt.cachedTokens ?? top.promptCacheHitTokens ?? 0,
            cacheWriteTokens: prompt.cacheWriteTokens ?? 0,
            reasoningTokens: completion.reasoningTokens ?? 0
        )
    }

    /// The members of `usage` read, the last of each name (as a parsed object keeps it).
    private struct TopLevel {
        var promptTokens: Int?
        var completionTokens: Int?
        var promptCacheHitTokens: Int?
        var promptDetails: JSONMemberLayout?
        var completionDetails: JSONMemberLayout?
    }

    private enum Keys {
        static let promptTokens = Array("prompt_tokens".utf8)
        static let completionTokens = Array("completion_tokens".utf8)
        static let promptCacheHitTokens = Array("prompt_cache_hit_tokens".utf8)
        static let promptTokensDetails = Array("prompt_tokens_details".utf8)
        static let completionTokensDetails = Array("completion_tokens_details".utf8)
        static let cachedTokens = Array("cached_tokens".utf8)
        static let cacheWriteTokens = Array("cache_write_tokens".utf8)
        static let reasoningTokens = Array("reasoning_tokens".utf8)
    }

    /// The counts read from a `*_tokens_details` object, in one walk over it; none when it is
    /// not an object.
    private struct Details {
        var cachedTokens: Int?
        var cacheWriteTokens: Int?
        var reasoningTokens: Int?
    }

    private static func details(in member: JSONMemberLayout, of document: [UInt8]) -> Details {
        var details = Details()
        guard member.kind == .object else { return details }
        _ = try? JSON.forEachMember(ofRelayedObjectIn: document, at: member.valueRange) { member in
            if member.keyIs(Keys.cachedTokens, in: document) {
                details.cachedTokens = integer(member, in: document)
            } else if member.keyIs(Keys.cacheWriteTokens, in: document) {
                details.cacheWriteTokens = integer(member, in: document)
            } else if member.keyIs(Keys.reasoningTokens, in: document) {
                details.reasoningTokens = integer(member, in: document)
            }
        }
        return details
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
