public import SwitchboardCore
public import SwitchboardFormats

/// The mock's moderations, in OpenAI's shape: a category is flagged when the item's text holds
/// one of that category's words (whole words, any case), with score 0.9; unflagged categories
/// score a small deterministic number below 0.01. An item is flagged when any category is.
/// Image parts are noted in `category_applied_input_types` of the categories OpenAI applies to
/// images (self-harm, sexual, violence and their subcategories); the mock never flags an image.
public enum MockModeration {
    /// The words that flag each category (OpenAI's 13 categories, in its order).
    public static let categoryWords: [(category: String, words: Set<String>)] = [
        ("harassment", ["idiot", "loser", "stupid"]),
        ("harassment/threatening", ["threaten", "stalk"]),
        ("hate", ["hate", "hateful"]),
        ("hate/threatening", ["exterminate"]),
        ("illicit", ["shoplift", "steal", "smuggle"]),
        ("illicit/violent", ["bomb", "weapon"]),
        ("self-harm", ["suicide"]),
        ("self-harm/intent", ["selfharm"]),
        ("self-harm/instructions", ["overdose"]),
        ("sexual", ["nsfw", "explicit"]),
        ("sexual/minors", ["underage"]),
        ("violence", ["kill", "murder", "attack"]),
        ("violence/graphic", ["gore", "bloody"]),
    ]

    /// Categories OpenAI's omni model also applies to images.
    static let imageCategories: Set<String> = [
        "self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "violence", "violence/graphic",
    ]

    public static func answer(_ request: ModerationsRequest) -> (body: JSONValue, usage: Usage) {
        let results = request.items.map(result)
        let body = JSONValue.object([
            "id": .string(RandomIdentifier.make("modr-mock-")),
            "model": .string(request.model),
            "results": .array(results),
        ])
        return (body, Usage(promptTokens: request.estimatedTokens))
    }

    static func result(_ item: ModerationsRequest.Item) -> JSONValue {
        let words = Set(item.texts.flatMap(MockText.words))
        var categories = JSONObject()
        var scores = JSONObject()
        var applied = JSONObject()
        let seed = MockText.hash(item.texts.joined(separator: "\n"))
        for (offset, entry) in categoryWords.enumerated() {
            let flagged = !words.isDisjoint(with: entry.words)
            var generator = SplitMix64(seed: seed &+ UInt64(offset))
            categories[entry.category] = .bool(flagged)
            scores[entry.category] = .double(flagged ? 0.9 : (generator.nextUnit() * 0.01 * 1e6).rounded() / 1e6)
            var types: [JSONValue] = item.texts.isEmpty ? [] : ["text"]
            if item.images > 0, imageCategories.contains(entry.category) { types.append("image") }
            applied[entry.category] = .array(types)
        }
        let flagged = categories.contains { $0.value == .bool(true) }
        return .object([
            "flagged": .bool(flagged),
            "categories": .object(categories),
            "category_scores": .object(scores),
            "category_applied_input_types": .object(applied),
        ])
    }
}
