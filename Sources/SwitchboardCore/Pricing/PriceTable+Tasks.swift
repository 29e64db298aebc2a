extension PriceTable {
    /// Video and music task models: current public list prices.
    static let taskPrices: [String: ModelPrice] = [:]
}
