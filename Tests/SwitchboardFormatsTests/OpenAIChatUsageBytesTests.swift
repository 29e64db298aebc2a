import Testing
import SwitchboardCore
import SwitchboardFormats

/// `usage` read from a relayed document's bytes must give what the parsed value gives, whatever
/// dialect, layout or oddity the upstream sends.
@Suite("Chat usage read from bytes")
struct OpenAIChatUsageBytesTests {
    static let usages = [
        // OpenAI, with both detail objects.
        #"{"prompt_tokens":9,"completion_tokens":150,"total_tokens":159,"prompt_tokens_details":{"cached_tokens":3,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":7,"audio_tokens":0}}"#,
        // Anthropic-style cache writes in the prompt details; spaces and new lines everywhere.
        "{ \"prompt_tokens\" : 12 ,\n \"completion_tokens\": 4, \"prompt_tokens_details\": { \"cached_tokens\": 0, \"cache_write_tokens\": 8 } }",
        // DeepSeek: cache hits at the top level, and detail objects without cached tokens.
        #"{"prompt_tokens":20,"completion_tokens":5,"prompt_cache_hit_tokens":16,"prompt_cache_miss_tokens":4}"#,
        #"{"prompt_tokens":20,"completion_tokens":5,"prompt_cache_hit_tokens":16,"prompt_tokens_details":{"audio_tokens":1}}"#,
        #"{"prompt_tokens":20,"completion_tokens":5,"prompt_cache_hit_tokens":16,"prompt_tokens_details":{"cached_tokens":2}}"#,
        // Nulls where numbers or objects are expected.
        #"{"prompt_tokens":null,"completion_tokens":3,"prompt_tokens_details":null,"completion_tokens_details":{"reasoning_tokens":null}}"#,
        // Numbers written as decimals or with exponents, a fraction, a negative, one too long for Int.
        #"{"prompt_tokens":9.0,"completion_tokens":1.5e2,"prompt_tokens_details":{"cached_tokens":2.5}}"#,
        #"{"prompt_tokens":-3,"completion_tokens":12345678901234567890123}"#,
        #"{"prompt_tokens":123456789012345678,"completion_tokens":1234567890123456789}"#,
        // Strings and other kinds in place of numbers; nested values that must be skipped.
        #"{"prompt_tokens":"9","completion_tokens":true,"extra":{"prompt_tokens":99,"list":[1,{"a":"}"}]}}"#,
        // An escaped key, an empty object.
        #"{"prompt_tokens":1,"completion\u005ftokens":6}"#,
        "{}",
    ]

    @Test(arguments: usages)
    func readsWhatTheParsedValueReads(_ usage: String) throws {
        // Embedded in a document, as the relays find it.
        let document = Array(#"{"id":"x","usage":"#.utf8) + Array(usage.utf8) + Array(#","model":"m"}"#.utf8)
        let range = 18..<(18 + usage.utf8.count)
        let expected = OpenAIChatUsage.decode(try JSON.parse(Array(usage.utf8)))
        #expect(expected != nil)
        #expect(OpenAIChatUsage.decode(document, objectAt: range) == expected)
    }

    /// The parser refuses a key given twice; the relays do not, and a usage the upstream sent is
    /// counted: the last of each name, as a decoder that keeps going would.
    @Test func aKeyGivenTwiceCountsItsLastValue() {
        let bytes = Array(#"{"prompt_tokens":1,"completion_tokens":3,"prompt_tokens":2}"#.utf8)
        #expect(OpenAIChatUsage.decode(bytes, objectAt: 0..<bytes.count) == Usage(promptTokens: 2, completionTokens: 3))
    }

    @Test(arguments: ["null", "[1,2]", #""usage""#, "7", #"{"prompt_tokens":1"#])
    func anythingButAnObjectIsNoUsage(_ value: String) {
        let bytes = Array(value.utf8)
        #expect(OpenAIChatUsage.decode(bytes, objectAt: 0..<bytes.count) == nil)
    }
}
