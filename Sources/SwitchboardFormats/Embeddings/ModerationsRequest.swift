public import SwitchboardCore

/// A `POST /v1/moderations` body, validated after OpenAI's `CreateModerationRequest`: `input` is
/// a string, an array of strings (one result each) or an array of multimodal parts (`text` and
/// `image_url`, classified together: one result); `model` defaults to `omni-moderation-latest`.
public struct ModerationsRequest: Sendable {
    /// One item to classify, giving one result.
    public struct Item: Sendable, Equatable {
        public var texts: [String]
        /// Images among its parts.
        public var images: Int

        public init(texts: [String], images: Int) {
            self.texts = texts
            self.images = images
        }
    }

    public let body: JSONRequestBody
    public let model: String
    public let items: [Item]

    public static let defaultModel = "omni-moderation-latest"

    public init(body bytes: [UInt8]) throws(GatewayError) {
        let body = try JSONRequestBody(bytes)
        model = try body.model(default: Self.defaultModel)
        items = try Self.items(body.require("input", .string, .array, description: "a string or an array"))
        self.body = body
    }

    /// Input tokens, estimated from the texts (an image counts as 85, as in chat estimates).
    public var estimatedTokens: Int {
        items.reduce(0) { total, item in
            total + item.texts.reduce(0) { $0 + TokenEstimator.estimate($1) } + item.images * 85
        }
    }

    private static func items(_ input: JSONValue) throws(GatewayError) -> [Item] {
        if let text = input.stringValue { return [Item(texts: [text], images: 0)] }
        guard let array = input.arrayValue, !array.isEmpty else {
            throw GatewayError.invalidRequest("'input' must not be an empty array.", param: "input")
        }
        if array[0].stringValue != nil {
            var items: [Item] = []
            for (offset, value) in array.enumerated() {
                guard let text = value.stringValue else {
                    throw GatewayError.invalidRequest(
                        "'input[\(offset)]' must be a string like the other items, but got \(value.kindName).", param: "input")
                }
                items.append(Item(texts: [text], images: 0))
            }
            return items
        }
        var item = Item(texts: [], images: 0)
        for (offset, part) in array.enumerated() {
            switch part["type"]?.stringValue {
            case "text"?:
                guard let text = part["text"]?.stringValue else {
                    throw GatewayError.invalidRequest("'input[\(offset)].text' must be a string.", param: "input")
                }
                item.texts.append(text)
            case "image_url"?:
                guard part["image_url"]?["url"]?.stringValue != nil else {
                    throw GatewayError.invalidRequest("'input[\(offset)].image_url.url' must be a string.", param: "input")
                }
                item.images += 1
            default:
                throw GatewayError.invalidRequest(
                    "'input[\(offset)]' must be a string, or an object whose 'type' is 'text' or 'image_url'.", param: "input")
            }
        }
        return [item]
    }
}
