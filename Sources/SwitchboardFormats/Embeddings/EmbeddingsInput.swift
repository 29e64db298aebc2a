import SwitchboardCore

/// What an embeddings request asks to embed: texts, or token ids (OpenAI's token arrays, one
/// array per input), each input giving one vector.
public enum EmbeddingsInput: Sendable, Equatable {
    case texts([String])
    case tokens([[Int]])

    /// OpenAI's limit on the inputs of one request.
    public static let maximumCount = 2048

    /// How many vectors the answer holds.
    public var count: Int {
        switch self {
        case .texts(let texts): texts.count
        case .tokens(let arrays): arrays.count
        }
    }

    /// Input tokens: estimated for texts (``TokenEstimator``), counted for token arrays.
    public var estimatedTokens: Int {
        switch self {
        case .texts(let texts): texts.reduce(0) { $0 + TokenEstimator.estimate($1) }
        case .tokens(let arrays): arrays.reduce(0) { $0 + $1.count }
        }
    }

    /// Reads `input` as OpenAI accepts it: a non-empty string, or a non-empty array (at most
    /// 2048 items) of non-empty strings, of token ids, or of non-empty token-id arrays.
    static func parse(_ value: JSONValue) throws(GatewayError) -> EmbeddingsInput {
        switch value {
        case .string(let text):
            guard !text.isEmpty else { throw invalid("'input' must not be an empty string.") }
            return .texts([text])
        case .array(let items):
            guard !items.isEmpty else { throw invalid("'input' must not be an empty array.") }
            guard items.count <= maximumCount else {
                throw invalid("'input' holds \(items.count) items; at most \(maximumCount) are allowed.")
            }
            if case .string = items[0] { return try texts(items) }
            if case .number = items[0] { return .tokens([try tokens(items, position: "input")]) }
            if case .array = items[0] {
                var arrays: [[Int]] = []
                for (offset, item) in items.enumerated() {
                    guard let inner = item.arrayValue, !inner.isEmpty else {
                        throw invalid("'input[\(offset)]' must be a non-empty array of token ids like the other items.")
                    }
                    arrays.append(try tokens(inner, position: "input[\(offset)]"))
                }
                return .tokens(arrays)
            }
            throw invalid(
                "Invalid 'input': expected a string, an array of strings, an array of token ids or an array of token-id arrays, but its items are \(items[0].kindName)s.")
        default:
            throw GatewayError.invalidRequest(
                "Invalid type for 'input': expected a string or an array, but got \(value.kindName).", param: "input")
        }
    }

    private static func texts(_ items: [JSONValue]) throws(GatewayError) -> EmbeddingsInput {
        var texts: [String] = []
        texts.reserveCapacity(items.count)
        for (offset, item) in items.enumerated() {
            guard let text = item.stringValue else {
                throw invalid("'input[\(offset)]' must be a string like the other items, but got \(item.kindName).")
            }
            guard !text.isEmpty else { throw invalid("'input[\(offset)]' must not be an empty string.") }
            texts.append(text)
        }
        return .texts(texts)
    }

    private static func tokens(_ items: [JSONValue], position: String) throws(GatewayError) -> [Int] {
        var tokens: [Int] = []
        tokens.reserveCapacity(items.count)
        for (offset, item) in items.enumerated() {
            guard let token = item.intValue, token >= 0, token <= Int(Int32.max) else {
                throw invalid("'\(position)[\(offset)]' must be a token id (an integer from 0 to \(Int32.max)).")
            }
            tokens.append(token)
        }
        return tokens
    }

    private static func invalid(_ message: String) -> GatewayError {
        GatewayError.invalidRequest(message, param: "input")
    }
}
