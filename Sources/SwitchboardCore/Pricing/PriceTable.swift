import Synchronization

/// Prices by model name, so the gateway can turn any usage into USD.
///
/// Names are looked up leniently, because clients and upstreams name one model many ways: the exact
/// name first, then a dated or versioned variant of a known name (`gpt-5-2025-08-07` is `gpt-5`;
/// the longest known name followed by `-` wins), then the same after dropping a `provider/` prefix
/// (`openai/gpt-5`). Names are compared as written first, then ignoring case.
public struct PriceTable: Sendable {
    /// The prices by the names they are listed under.
    public let entries: [String: ModelPrice]
    /// The prices by lowercased name (of names equal but for case, the first in sorted order).
    private let byLowercasedName: [String: ModelPrice]
    /// Earlier answers by the name asked.
    private let answers = PriceAnswers()

    public init(entries: [String: ModelPrice]) {
        self.entries = entries
        var byLowercasedName: [String: ModelPrice] = [:]
        for name in entries.keys.sorted() where byLowercasedName[name.lowercased()] == nil {
            byLowercasedName[name.lowercased()] = entries[name]
        }
        self.byLowercasedName = byLowercasedName
    }

    /// This table with `overrides` added; an override replaces the listed price of the same name.
    public func overriding(with overrides: [String: ModelPrice]) -> PriceTable {
        PriceTable(entries: entries.merging(overrides) { _, override in override })
    }

    /// The price of `model`, or nil when no listed name matches it.
    public func price(for model: String) -> ModelPrice? {
        answers.answer(for: model) { findPrice(for: model) }
    }

    private func findPrice(for model: String) -> ModelPrice? {
        if let price = lookUp(model) { return price }
        // By bytes: `String.lastIndex(of:)` walks characters, ~3,500 instructions for a short name.
        guard let slash = model.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        let bare = model.utf8[model.utf8.index(after: slash)...]
        return bare.isEmpty ? nil : lookUp(String(decoding: bare, as: UTF8.self))
    }

    /// The USD cost of `usage` on `model`; 0 when the model has no price.
    public func cost(of usage: Usage, model: String) -> Double {
        price(for: model)?.cost(of: usage) ?? 0
    }

    /// Runs on every priced request, so it costs a few dictionary lookups (one per `-` in the
    /// name) whatever the table's size: the longest listed name followed by `-` is the longest
    /// prefix of `model` that ends before a `-` and is listed.
    private func lookUp(_ model: String) -> ModelPrice? {
        if let price = entries[model] { return price }
        // Most names are lowercase ASCII already: no second copy for them.
        let model = model.utf8.contains(where: { (0x41...0x5A).contains($0) || $0 >= 0x80 }) ? model.lowercased() : model
        if let exact = byLowercasedName[model] { return exact }
        var end = model.utf8.endIndex
        while let dash = model.utf8[..<end].lastIndex(of: UInt8(ascii: "-")) {
            if let price = byLowercasedName[String(model[..<dash])] { return price }
            end = dash
        }
        return nil
    }
}

/// The answers a price table gave, by the name asked: a request prices its model and its upstream
/// model, and each name missing from the table (`bench-json`, `gpt-4o-mini-2024-07-18`) took a
/// lowercase check and a lookup per `-` in it, about 3,000 instructions, every time. Names come from
/// clients, so the memory is bounded: full, it starts over.
final class PriceAnswers: Sendable {
    static let capacity = 1024
    private let answers = Mutex<[String: ModelPrice?]>([:])

    func answer(for model: String, _ find: () -> ModelPrice?) -> ModelPrice? {
        if let known = answers.withLock({ $0[model] }) { return known }
        let found = find()
        answers.withLock { answers in
            if answers.count >= Self.capacity { answers.removeAll(keepingCapacity: true) }
            answers[model] = .some(found)
        }
        return found
    }
}
