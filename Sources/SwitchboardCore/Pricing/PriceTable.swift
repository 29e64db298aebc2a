/// Prices by model name, so the gateway can turn any usage into USD.
///
/// Names are looked up leniently, because clients and upstreams name one model many ways: the exact
/// name first, then a dated or versioned variant of a known name (`gpt-5-2025-08-07` is `gpt-5`;
/// the longest known name followed by `-` wins), then the same after dropping a `provider/` prefix
/// (`openai/gpt-5`). Names are compared as written first, then ignoring case.
public struct PriceTable: Sendable {
    /// The prices by the names they are listed under.
    public let entries: [String: ModelPrice]
    /// Lowercased names with their prices, longest name first (the order prefix matching wants).
    private let longestFirst: [(name: String, price: ModelPrice)]

    public init(entries: [String: ModelPrice]) {
        self.entries = entries
        self.longestFirst = entries
            .map { (name: $0.key.lowercased(), price: $0.value) }
            .sorted { $0.name.utf8.count != $1.name.utf8.count ? $0.name.utf8.count > $1.name.utf8.count : $0.name < $1.name }
    }

    /// This table with `overrides` added; an override replaces the listed price of the same name.
    public func overriding(with overrides: [String: ModelPrice]) -> PriceTable {
        PriceTable(entries: entries.merging(overrides) { _, override in override })
    }

    /// The price of `model`, or nil when no listed name matches it.
    public func price(for model: String) -> ModelPrice? {
        if let price = lookUp(model) { return price }
        guard let slash = model.lastIndex(of: "/") else { return nil }
        let bare = model[model.index(after: slash)...]
        return bare.isEmpty ? nil : lookUp(String(bare))
    }

    /// The USD cost of `usage` on `model`; 0 when the model has no price.
    public func cost(of usage: Usage, model: String) -> Double {
        price(for: model)?.cost(of: usage) ?? 0
    }

    private func lookUp(_ model: String) -> ModelPrice? {
        if let price = entries[model] { return price }
        let model = model.lowercased()
        if let exact = longestFirst.first(where: { $0.name == model }) { return exact.price }
        return longestFirst.first(where: { model.hasPrefix($0.name + "-") })?.price
    }
}
