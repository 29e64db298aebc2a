@testable import SwitchboardCore
import Testing

@Suite("Pricing")
struct PricingTests {
    /// Costs are sums of products of whole token counts and short decimals: compared to a cent's millionth.
    static func close(_ lhs: Double, _ rhs: Double) -> Bool { abs(lhs - rhs) < 1e-9 }

    // MARK: Cost arithmetic

    @Test func pricesPromptAndCompletionPerMillionTokens() {
        let price = ModelPrice(input: 1.25, output: 10)
        #expect(Self.close(price.cost(of: Usage(promptTokens: 1_000_000, completionTokens: 100_000)), 2.25))
        #expect(price.cost(of: Usage()) == 0)
    }

    @Test func cachedTokensAreTakenOutOfThePromptAndPricedAtTheCachedRate() {
        let price = ModelPrice(input: 2, cachedInput: 0.5, output: 8)
        let usage = Usage(promptTokens: 1_000, completionTokens: 10, cachedTokens: 400)
        let expected: Double = (600.0 * 2.0 + 400.0 * 0.5 + 10.0 * 8.0) / 1e6
        #expect(Self.close(price.cost(of: usage), expected))
        let noCachePrice = ModelPrice(input: 2, output: 8)
        let expectedWithoutCachePrice: Double = (1_000.0 * 2.0 + 10.0 * 8.0) / 1e6
        #expect(Self.close(noCachePrice.cost(of: usage), expectedWithoutCachePrice), "no cached price: cached tokens cost input")
    }

    @Test func cacheWritesArePricedByTheirLifetime() {
        let price = ModelPrice(input: 3, cachedInput: 0.3, cacheWrite: 3.75, cacheWrite1h: 6, output: 15)
        let usage = Usage(
            promptTokens: 10_000, completionTokens: 1_000, cachedTokens: 2_000, cacheWriteTokens: 5_000, cacheWrite1hTokens: 1_000)
        // 3,000 uncached, 2,000 read, 4,000 written for 5 minutes, 1,000 for an hour, 1,000 out.
        let input: Double = 3_000.0 * 3.0 + 2_000.0 * 0.3
        let writes: Double = 4_000.0 * 3.75 + 1_000.0 * 6.0
        let output: Double = 1_000.0 * 15.0
        #expect(Self.close(price.cost(of: usage), (input + writes + output) / 1e6))
    }

    @Test func oneHourWritesFallBackToTheFiveMinutePriceThenToInput() {
        let usage = Usage(promptTokens: 1_000, cacheWriteTokens: 1_000, cacheWrite1hTokens: 400)
        let fiveMinuteOnly = ModelPrice(input: 1, cacheWrite: 1.25, output: 2)
        #expect(Self.close(fiveMinuteOnly.cost(of: usage), 1_000 * 1.25 / 1e6))
        let inputOnly = ModelPrice(input: 1, output: 2)
        #expect(Self.close(inputOnly.cost(of: usage), 1_000 * 1 / 1e6))
    }

    @Test func reasoningIsPricedApartOnlyWhenTheProviderDoes() {
        let usage = Usage(completionTokens: 1_000, reasoningTokens: 600)
        let apart = ModelPrice(input: 0.4, output: 1.2, reasoning: 4)
        let expected: Double = (400.0 * 1.2 + 600.0 * 4.0) / 1e6
        #expect(Self.close(apart.cost(of: usage), expected))
        let asOutput = ModelPrice(input: 0.4, output: 1.2)
        #expect(Self.close(asOutput.cost(of: usage), 1_000 * 1.2 / 1e6))
    }

    @Test func inconsistentCountsNeverPriceBelowZero() {
        let price = ModelPrice(input: 1, cachedInput: 0.1, cacheWrite: 1.25, cacheWrite1h: 2, output: 2, reasoning: 3)
        let usage = Usage(
            promptTokens: 10, completionTokens: 5, cachedTokens: 50, cacheWriteTokens: 20, cacheWrite1hTokens: 90, reasoningTokens: 8)
        // No uncached input, 20 one-hour writes at most, no answer tokens beyond the reasoning.
        let expected: Double = (50.0 * 0.1 + 20.0 * 2.0 + 8.0 * 3.0) / 1e6
        #expect(Self.close(price.cost(of: usage), expected))
        #expect(price.cost(of: Usage(promptTokens: -5, completionTokens: -5)) == 0)
    }

    // MARK: Lookup

    @Test(arguments: [
        ("gpt-5", "gpt-5"), ("gpt-5-2025-08-07", "gpt-5"), ("gpt-5-mini-2025-08-07", "gpt-5-mini"),
        ("gpt-5.1-2025-11-13", "gpt-5.1"), ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"),
        ("claude-sonnet-4-20250514", "claude-sonnet-4"), ("claude-opus-4-1-20250805", "claude-opus-4-1"),
        ("claude-3-5-haiku-latest", "claude-3-5-haiku"), ("gemini-2.5-flash-preview-09-2025", "gemini-2.5-flash"),
        ("gemini-2.5-flash-lite-preview-09-2025", "gemini-2.5-flash-lite"), ("o3-mini-2025-01-31", "o3-mini"),
        ("openai/gpt-5", "gpt-5"), ("anthropic/claude-haiku-4-5-20251001", "claude-haiku-4-5"),
        ("models/gemini-2.5-pro", "gemini-2.5-pro"), ("minimax-m2", "MiniMax-M2"), ("GPT-4o-2024-08-06", "gpt-4o"),
        ("grok-4-fast-reasoning", "grok-4-fast"), ("qwen-plus-latest", "qwen-plus"),
    ])
    func findsDatedVersionedAndPrefixedNames(_ model: String, _ listed: String) throws {
        let expected = try #require(PriceTable.shipped.entries[listed])
        #expect(PriceTable.shipped.price(for: model) == expected)
    }

    @Test func aNameIsOnlyAVariantWhenADashFollowsTheKnownName() {
        let table = PriceTable(entries: ["gpt-5": ModelPrice(input: 1, output: 2)])
        #expect(table.price(for: "gpt-50") == nil)
        #expect(table.price(for: "gpt-5.1") == nil)
        #expect(table.price(for: "xgpt-5") == nil)
        #expect(table.price(for: "openai/") == nil)
        #expect(table.price(for: "") == nil)
    }

    @Test func unknownModelsCostNothing() {
        let usage = Usage(promptTokens: 1_000, completionTokens: 1_000)
        #expect(PriceTable.shipped.price(for: "no-such-model") == nil)
        #expect(PriceTable.shipped.cost(of: usage, model: "no-such-model") == 0)
        #expect(PriceTable(entries: [:]).cost(of: usage, model: "gpt-5") == 0)
    }

    @Test func costOfAModelUsesItsPrice() {
        let usage = Usage(promptTokens: 1_000, completionTokens: 500, cachedTokens: 200)
        let expected: Double = (800.0 * 1.0 + 200.0 * 0.1 + 500.0 * 2.0) / 1e6
        #expect(Self.close(PriceTable.shipped.cost(of: usage, model: "mock-1"), expected))
    }

    @Test func overridesWinOverTheShippedTable() {
        let mine = ModelPrice(input: 9, output: 99)
        let table = PriceTable.shipped.overriding(with: ["gpt-5": mine, "my-model": ModelPrice(input: 1, output: 1)])
        #expect(table.price(for: "gpt-5") == mine)
        #expect(table.price(for: "gpt-5-2025-08-07") == mine, "dated names find the override too")
        #expect(table.price(for: "gpt-5-mini") == PriceTable.shipped.price(for: "gpt-5-mini"))
        #expect(table.price(for: "my-model")?.input == 1)
        #expect(PriceTable.shipped.price(for: "gpt-5")?.input == 1.25, "the shipped table is unchanged")
    }

    // MARK: The shipped table

    static let required = [
        "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-5-pro", "gpt-5-codex", "gpt-5.1", "gpt-4.1", "gpt-4.1-mini",
        "gpt-4.1-nano", "gpt-4o", "gpt-4o-mini", "o3", "o3-mini", "o4-mini", "text-embedding-3-small",
        "text-embedding-3-large", "text-embedding-ada-002", "whisper-1", "tts-1", "tts-1-hd", "gpt-image-1",
        "claude-opus-4-5", "claude-opus-4-1", "claude-sonnet-4-5", "claude-sonnet-4", "claude-haiku-4-5",
        "claude-3-5-haiku", "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-3-pro-preview",
        "grok-4", "grok-4-fast", "grok-code-fast-1", "deepseek-chat", "deepseek-reasoner", "qwen-max", "qwen-plus",
        "qwen-turbo", "qwen3-coder-plus", "MiniMax-M2", "mock-1",
    ]

    @Test func shipsAPriceForEveryModelTheGatewayNames() {
        let missing = Self.required.filter { PriceTable.shipped.entries[$0] == nil }
        #expect(missing.isEmpty, "no price for \(missing)")
        #expect(PriceTable.shipped.entries["mock-1"] == ModelPrice(input: 1, cachedInput: 0.1, output: 2))
        #expect(PriceTable.shipped.entries["whisper-1"]?.perAudioSecond == 0.0001)
        #expect(PriceTable.shipped.entries["tts-1-hd"]?.perMillionCharacters == 30)
    }

    @Test func everyShippedPriceIsSane() {
        for (model, price) in PriceTable.shipped.entries {
            #expect(price.input >= 0 && price.output >= 0, "\(model)")
            #expect((price.cachedInput ?? 0) <= price.input, "\(model): cached input above input")
            let optional = [price.cachedInput, price.cacheWrite, price.cacheWrite1h, price.reasoning, price.perImage,
                            price.perAudioSecond, price.perMillionCharacters]
            #expect(optional.allSatisfy { ($0 ?? 0) >= 0 && ($0 ?? 0).isFinite }, "\(model)")
            if let fiveMinutes = price.cacheWrite, let oneHour = price.cacheWrite1h {
                #expect(oneHour >= fiveMinutes, "\(model): an hour in the cache costs less than five minutes")
            }
            if price.input > 0 || price.output > 0 {
                #expect(price.perAudioSecond == nil && price.perMillionCharacters == nil, "\(model): token and media prices mixed")
            }
        }
    }

    @Test func anthropicCachePricesFollowTheInputPrice() {
        let claude = PriceTable.shipped.entries.filter { $0.key.hasPrefix("claude-") }
        #expect(claude.count >= 6)
        for (model, price) in claude {
            #expect(Self.close(price.cachedInput ?? -1, price.input * 0.1), "\(model) cache read")
            #expect(Self.close(price.cacheWrite ?? -1, price.input * 1.25), "\(model) 5-minute write")
            #expect(Self.close(price.cacheWrite1h ?? -1, price.input * 2), "\(model) 1-hour write")
        }
    }

    /// Answers are remembered by the name asked; the memory is bounded and starts over when full,
    /// and every answer stays the table's, asked once or many times, before and after.
    @Test func rememberedAnswersStayTheTablesAnswers() {
        let table = PriceTable(entries: ["gpt-5": ModelPrice(input: 1.25, output: 10), "Claude-X": ModelPrice(input: 3, output: 15)])
        let names = ["gpt-5", "gpt-5-2025-08-07", "openai/gpt-5", "claude-x-1", "CLAUDE-X", "unknown", "openai/", "-", ""]
        let first = names.map { table.price(for: $0) }
        #expect(first == [
            ModelPrice(input: 1.25, output: 10), ModelPrice(input: 1.25, output: 10), ModelPrice(input: 1.25, output: 10),
            ModelPrice(input: 3, output: 15), ModelPrice(input: 3, output: 15), nil, nil, nil, nil,
        ])
        #expect(names.map { table.price(for: $0) } == first)
        for index in 0..<(PriceAnswers.capacity * 2 + 7) { _ = table.price(for: "client-model-\(index)") }
        #expect(names.map { table.price(for: $0) } == first)
    }
}
