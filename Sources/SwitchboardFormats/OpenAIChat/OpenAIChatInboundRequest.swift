public import SwitchboardCore

/// A Chat Completions request body as a client sent it, validated and indexed.
///
/// Validation reads only what the gateway must trust (types of the members it uses and the shape
/// of `messages`); the body itself is kept as bytes so the passthrough path can send it upstream
/// with only `model` (and `stream_options`) rewritten.
public struct OpenAIChatInboundRequest: Sendable {
    public let body: [UInt8]
    public let index: JSONObjectIndex
    public let model: String
    public let stream: Bool
    /// The client asked for the usage chunk (`stream_options.include_usage`).
    public let includeUsage: Bool
    /// `max_completion_tokens` or `max_tokens`, when given (for rate-limit and budget estimates).
    public let maxOutputTokens: Int?
    /// `messages` rewritten to OpenAI's own shapes when the client used a variant (image parts).
    let normalizedMessages: JSONValue?

    public init(body: [UInt8]) throws(GatewayError) {
        let index: JSONObjectIndex
        do {
            index = try JSON.index(body)
        } catch {
            throw GatewayError.malformedJSON(error)
        }
        let fields = FieldValidator(index: index)
        let modelMember = try fields.require("model", .string, description: "a string")
        let model = try Self.string(in: body, modelMember)
        guard !model.isEmpty else {
            throw GatewayError.invalidRequest("'model' must not be empty.", param: "model")
        }
        let messagesMember = try fields.require("messages", .array, description: "an array")
        try fields.checkKinds(of: Self.typedMembers)

        let messages = try Self.value(in: body, messagesMember)
        let normalized = try OpenAIChatMessagesValidator.validate(messages)
        try Self.validateLimits(body: body, index: index)

        self.body = body
        self.index = index
        self.model = model
        self.stream = try index["stream"].map { member throws(GatewayError) in try Self.value(in: body, member) }?.boolValue ?? false
        let streamOptions = try index["stream_options"].map { member throws(GatewayError) in try Self.value(in: body, member) }
        self.includeUsage = streamOptions?["include_usage"]?.boolValue ?? false
        self.normalizedMessages = normalized
        let limit = try (index["max_completion_tokens"] ?? index["max_tokens"])
            .map { member throws(GatewayError) in try Self.value(in: body, member) }
        self.maxOutputTokens = limit?.intValue
    }

    /// The optional members whose types the gateway checks (null is accepted for each): the ones
    /// it reads, and those OpenAI's API checks too. Any other member is passed on unread.
    private static let typedMembers: [String: FieldValidator.Expected] = {
        var table: [String: FieldValidator.Expected] = [
            "stream": .init([.bool], "a boolean"),
            "stream_options": .init([.object], "an object"),
            "tools": .init([.array], "an array"),
            "tool_choice": .init([.string, .object], "a string or an object"),
            "response_format": .init([.object], "an object"),
            "stop": .init([.string, .array], "a string or an array of strings"),
            "metadata": .init([.object], "an object"),
            "logprobs": .init([.bool], "a boolean"),
            "parallel_tool_calls": .init([.bool], "a boolean"),
        ]
        for key in ["max_tokens", "max_completion_tokens", "n", "seed", "top_logprobs"] {
            table[key] = .init([.number], "an integer")
        }
        for key in ["temperature", "top_p", "presence_penalty", "frequency_penalty"] {
            table[key] = .init([.number], "a number")
        }
        for key in ["user", "reasoning_effort", "service_tier", "prompt_cache_key"] {
            table[key] = .init([.string], "a string")
        }
        return table
    }()

    /// The whole body as a JSON value, for the translation paths.
    public func jsonObject() -> JSONObject {
        guard var object = (try? JSON.parse(body))?.objectValue else { return JSONObject() }
        if let normalizedMessages { object["messages"] = normalizedMessages }
        return object
    }

    private static func validateLimits(body: [UInt8], index: JSONObjectIndex) throws(GatewayError) {
        for key in ["max_tokens", "max_completion_tokens", "n"] {
            guard let member = index[key], member.kind == .number else { continue }
            guard let value = try Self.value(in: body, member).intValue else {
                throw GatewayError.invalidRequest("Invalid type for '\(key)': expected an integer.", param: key)
            }
            guard value >= 1 else {
                throw GatewayError.invalidRequest(
                    "Invalid '\(key)': integer below minimum value. Expected a value >= 1, but got \(value) instead.",
                    param: key)
            }
            let maximum = key == "n" ? 128 : GenerationRequest.maximumOutputTokens
            if value > maximum {
                throw GatewayError.invalidRequest(
                    "Invalid '\(key)': integer above maximum value. Expected a value <= \(maximum), but got \(value) instead.",
                    param: key)
            }
        }
    }

    static func value(in body: [UInt8], _ member: JSONObjectIndex.Member) throws(GatewayError) -> JSONValue {
        do {
            return try JSON.parse(body[member.valueRange])
        } catch {
            throw GatewayError.malformedJSON(error)
        }
    }

    private static func string(in body: [UInt8], _ member: JSONObjectIndex.Member) throws(GatewayError) -> String {
        try value(in: body, member).stringValue ?? ""
    }
}

extension OpenAIChatInboundRequest {
    /// A top-level member's value as sent, parsed on demand (nil when absent or unreadable).
    public func member(_ name: String) -> JSONValue? {
        guard let member = index[name] else { return nil }
        return try? Self.value(in: body, member)
    }
}
