extension PriceTable {
    /// Current public list prices of the models the gateway knows, one provider per file
    /// (`PriceTable+OpenAI.swift`, ...), plus the built-in mock. `pricing:` in the config overrides them.
    public static let shipped = PriceTable(entries: shippedEntries)

    static let shippedEntries: [String: ModelPrice] = [
        openAIPrices, anthropicPrices, googlePrices, xAIPrices, deepSeekPrices, qwenPrices, miniMaxPrices, mockPrices,
        embeddingPrices, mediaPrices, taskPrices,
    ].reduce(into: [:]) { table, provider in
        table.merge(provider) { listed, _ in listed }
    }

    /// The built-in mock provider, priced so tests see nonzero costs.
    static let mockPrices: [String: ModelPrice] = [
        "mock-1": ModelPrice(input: 1, cachedInput: 0.1, output: 2)
    ]
}
