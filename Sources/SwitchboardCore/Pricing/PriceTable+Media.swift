extension PriceTable {
    /// Image, transcription and speech models: current public list prices.
    static let mediaPrices: [String: ModelPrice] = [:]
}
