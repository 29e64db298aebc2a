import SwitchboardCore
import SwitchboardFormats
import Testing

/// The one-hour share of Anthropic's cache writes, read so it can be priced at its own rate.
@Suite("Anthropic usage: cache writes by lifetime")
struct AnthropicUsageCacheWriteTests {
    static func object(_ text: String) throws -> JSONObject {
        try #require(try JSON.parse(text).objectValue)
    }

    @Test func readsTheOneHourPartOfTheCacheWrites() throws {
        let usage = try #require(AnthropicUsage.decode(JSON.parse("""
            {"input_tokens":12,"cache_creation_input_tokens":500,"cache_read_input_tokens":100,"output_tokens":7,
             "cache_creation":{"ephemeral_5m_input_tokens":300,"ephemeral_1h_input_tokens":200}}
            """)))
        #expect(usage == Usage(
            promptTokens: 612, completionTokens: 7, cachedTokens: 100, cacheWriteTokens: 500, cacheWrite1hTokens: 200))
    }

    @Test func noBreakdownMeansEveryWriteIsFiveMinutes() throws {
        let usage = try #require(AnthropicUsage.decode(JSON.parse(
            #"{"input_tokens":3,"cache_creation_input_tokens":418,"cache_read_input_tokens":1111,"output_tokens":33}"#)))
        #expect(usage.cacheWriteTokens == 418)
        #expect(usage.cacheWrite1hTokens == 0)
    }

    @Test func theOneHourPartNeverExceedsTheWrites() throws {
        let usage = try #require(AnthropicUsage.decode(JSON.parse(
            #"{"input_tokens":1,"cache_creation_input_tokens":10,"cache_creation":{"ephemeral_1h_input_tokens":40}}"#)))
        #expect(usage.cacheWrite1hTokens == 10)
    }

    @Test func aStreamKeepsTheBreakdownOfMessageStartWhenTheDeltaHasNone() throws {
        let start = try Self.object("""
            {"input_tokens":5,"cache_creation_input_tokens":2048,"cache_read_input_tokens":0,"output_tokens":1,
             "cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":2048}}
            """)
        let delta = try Self.object(#"{"output_tokens":40}"#)
        let usage = AnthropicUsage.merge(start: start, delta: delta)
        #expect(usage == Usage(promptTokens: 2053, completionTokens: 40, cacheWriteTokens: 2048, cacheWrite1hTokens: 2048))
        let repeated = try Self.object("""
            {"output_tokens":40,"cache_creation_input_tokens":2048,"cache_creation":{"ephemeral_1h_input_tokens":1024}}
            """)
        #expect(AnthropicUsage.merge(start: start, delta: repeated).cacheWrite1hTokens == 1024, "the delta's figures win")
    }

    @Test func iterationsAddUpTheirOneHourWrites() throws {
        let delta = try Self.object("""
            {"output_tokens":9,"iterations":[
              {"input_tokens":10,"cache_creation_input_tokens":100,"output_tokens":4,
               "cache_creation":{"ephemeral_5m_input_tokens":40,"ephemeral_1h_input_tokens":60}},
              {"input_tokens":20,"cache_creation_input_tokens":30,"cache_read_input_tokens":100,"output_tokens":5,
               "cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":30}}]}
            """)
        let usage = AnthropicUsage.merge(start: nil, delta: delta)
        #expect(usage.cacheWriteTokens == 130)
        #expect(usage.cacheWrite1hTokens == 90)
    }

    @Test func theOneHourPartIsPricedAtItsRate() throws {
        let usage = try #require(AnthropicUsage.decode(JSON.parse("""
            {"input_tokens":1000,"cache_creation_input_tokens":3000,"cache_read_input_tokens":0,"output_tokens":0,
             "cache_creation":{"ephemeral_5m_input_tokens":1000,"ephemeral_1h_input_tokens":2000}}
            """)))
        let cost = PriceTable.shipped.cost(of: usage, model: "claude-sonnet-4-5-20250929")
        let expected: Double = (1_000.0 * 3.0 + 1_000.0 * 3.75 + 2_000.0 * 6.0) / 1e6
        #expect(abs(cost - expected) < 1e-12)
    }
}
