public import SwitchboardCore

/// A `POST /v1/responses` body as a client sent it, validated, with its `input` normalised.
///
/// The gateway's own state (stored responses, `previous_response_id` chains) is the server's
/// business: this type only reads what the client asked for, so the server can resolve the chain
/// and pass the stored items to ``OpenAIResponsesDecoder/decode(_:history:)``.
public struct OpenAIResponsesRequest: Sendable {
    public let model: String
    public let instructions: String?
    /// The input items, normalised: a string input becomes one user message; message items get
    /// `type: "message"` and parts instead of string content; everything else as sent.
    public let input: [JSONValue]
    public let previousResponseID: String?
    /// Whether the client wants the response stored (`store`, default true).
    public let store: Bool
    public let stream: Bool
    public let include: [String]
    public let background: Bool
    /// The whole body as sent (with `input` as the client wrote it).
    public let object: JSONObject

    /// `max_output_tokens`, when given (for rate-limit and budget estimates).
    public var maxOutputTokens: Int? { object["max_output_tokens"]?.intValue }

    /// Parses and validates a body; 400s name the field at fault.
    public static func parse(body: [UInt8]) throws(GatewayError) -> OpenAIResponsesRequest {
        let parsed: JSONValue
        do {
            parsed = try JSON.parse(body)
        } catch {
            throw GatewayError.malformedJSON(error)
        }
        guard let object = parsed.objectValue else {
            do {
                _ = try JSON.index(body)
            } catch {
                throw GatewayError.malformedJSON(error)
            }
            throw GatewayError.invalidRequest("The body must be a JSON object.")
        }
        let fields = ResponsesFieldChecker(object: object)
        let model = try fields.requireString("model")
        guard !model.isEmpty else {
            throw GatewayError.invalidRequest("'model' must not be empty.", param: "model")
        }
        try fields.optional("instructions", .string, description: "a string")
        try fields.optional("input", .string, .array, description: "a string or an array of input items")
        try fields.optional("previous_response_id", .string, description: "a string")
        for key in ["store", "stream", "background", "parallel_tool_calls"] {
            try fields.optional(key, .bool, description: "a boolean")
        }
        try fields.optional("include", .array, description: "an array of strings")
        try fields.optional("tools", .array, description: "an array")
        try fields.optional("tool_choice", .string, .object, description: "a string or an object")
        try fields.optional("text", .object, description: "an object")
        try fields.optional("reasoning", .object, description: "an object")
        try fields.optional("metadata", .object, description: "an object")
        try fields.optional("user", .string, description: "a string")
        try fields.optional("temperature", .number, description: "a number")
        try fields.optional("top_p", .number, description: "a number")
        try fields.optional("max_output_tokens", .number, description: "an integer")
        try Self.validateMaxOutputTokens(object["max_output_tokens"])
        try OpenAIResponsesRequestValidator.validateTools(object["tools"])
        try OpenAIResponsesRequestValidator.validateTextFormat(object["text"])

        let input = try OpenAIResponsesInputNormalizer.normalize(object["input"])
        let include = try Self.include(object["include"])
        return OpenAIResponsesRequest(
            model: model,
            instructions: object["instructions"]?.stringValue,
            input: input,
            previousResponseID: object["previous_response_id"]?.stringValue,
            store: object["store"]?.boolValue ?? true,
            stream: object["stream"]?.boolValue ?? false,
            include: include,
            background: object["background"]?.boolValue ?? false,
            object: object)
    }

    private static func validateMaxOutputTokens(_ value: JSONValue?) throws(GatewayError) {
        guard let value, !value.isNull else { return }
        guard let tokens = value.intValue, (1...GenerationRequest.maximumOutputTokens).contains(tokens) else {
            throw GatewayError.invalidRequest(
                "Invalid 'max_output_tokens': expected an integer from 1 to \(GenerationRequest.maximumOutputTokens), but got \(JSON.string(value)).",
                param: "max_output_tokens")
        }
    }

    private static func include(_ value: JSONValue?) throws(GatewayError) -> [String] {
        var names: [String] = []
        for (offset, entry) in (value?.arrayValue ?? []).enumerated() {
            guard let name = entry.stringValue else {
                throw GatewayError.invalidRequest(
                    "Invalid type for 'include[\(offset)]': expected a string, but got \(entry.kindName).",
                    param: "include[\(offset)]")
            }
            names.append(name)
        }
        return names
    }
}

/// Type checks of top-level members read from the parsed body; null counts as absent.
struct ResponsesFieldChecker {
    let object: JSONObject

    func requireString(_ key: String) throws(GatewayError) -> String {
        guard let value = object[key], !value.isNull else {
            throw GatewayError.invalidRequest("Missing required parameter: '\(key)'.", param: key)
        }
        guard let text = value.stringValue else {
            throw GatewayError.invalidRequest(
                "Invalid type for '\(key)': expected a string, but got \(value.kindName).", param: key)
        }
        return text
    }

    func optional(_ key: String, _ kinds: JSONKind..., description: String) throws(GatewayError) {
        guard let value = object[key], !value.isNull else { return }
        guard kinds.contains(value.responsesKind) else {
            throw GatewayError.invalidRequest(
                "Invalid type for '\(key)': expected \(description), but got \(value.kindName).", param: key)
        }
    }
}

extension JSONValue {
    /// The value's JSON kind, for the Responses field checks.
    var responsesKind: JSONKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }
}
