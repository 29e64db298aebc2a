import SwitchboardCore

extension OpenAIChatAdapter {
    /// The Chat Completions body for `request`, members in the order the API documents them.
    func requestObject(_ request: GenerationRequest, model: String, stream: Bool) -> JSONObject {
        let fromChat = request.extraFormat == .openAIChat
        var body: JSONObject = [
            "model": .string(model),
            "messages": .array(OpenAIChatMessageWriter(keepsUnknownParts: fromChat).messages(request.messages)),
        ]
        if !request.tools.isEmpty { body["tools"] = .array(request.tools.map(Self.toolJSON)) }
        if let choice = request.toolChoice { body["tool_choice"] = Self.toolChoiceJSON(choice) }
        if let parallel = request.parallelToolCalls { body["parallel_tool_calls"] = .bool(parallel) }
        if let format = request.responseFormat { body["response_format"] = Self.responseFormatJSON(format) }
        if let maxTokens = request.maxOutputTokens { body[maxTokensField.rawValue] = .int(maxTokens) }
        if let temperature = request.temperature { body["temperature"] = .double(temperature) }
        if let topP = request.topP { body["top_p"] = .double(topP) }
        if !request.stop.isEmpty { body["stop"] = .array(request.stop.map(JSONValue.string)) }
        if let seed = request.seed { body["seed"] = .int(seed) }
        if let effort = request.reasoningEffort ?? Self.effort(forBudget: request.thinkingBudgetTokens) {
            body["reasoning_effort"] = .string(effort)
        }
        if let user = request.user { body["user"] = .string(user) }
        if fromChat, let metadata = request.metadata { body["metadata"] = .object(metadata) }
        if stream {
            body["stream"] = .bool(true)
            if streamUsage { body["stream_options"] = .object(["include_usage": .bool(true)]) }
        }
        if fromChat {
            for member in request.extra where body[member.key] == nil && !Self.controlledKeys.contains(member.key) {
                body[member.key] = member.value
            }
        }
        return body
    }

    /// Members a Chat client's `extra` may not set: the adapter decides them.
    static let controlledKeys: Set<String> = ["stream", "stream_options", "max_tokens", "max_completion_tokens"]

    /// `reasoning_effort` for a thinking budget given without an effort; nil for 0 (thinking off),
    /// a negative (dynamic) budget or none.
    static func effort(forBudget budget: Int?) -> String? {
        guard let budget, budget > 0 else { return nil }
        if budget <= 1024 { return "low" }
        if budget <= 8192 { return "medium" }
        return "high"
    }

    static func toolJSON(_ tool: ToolDefinition) -> JSONValue {
        var function: JSONObject = ["name": .string(tool.name)]
        if let description = tool.description { function["description"] = .string(description) }
        if let parameters = tool.parameters { function["parameters"] = parameters }
        if let strict = tool.strict { function["strict"] = .bool(strict) }
        return .object(["type": "function", "function": .object(function)])
    }

    static func toolChoiceJSON(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: "auto"
        case .none: "none"
        case .required: "required"
        case .function(let name): .object(["type": "function", "function": .object(["name": .string(name)])])
        }
    }

    static func responseFormatJSON(_ format: ResponseFormat) -> JSONValue {
        switch format {
        case .text: return .object(["type": "text"])
        case .jsonObject: return .object(["type": "json_object"])
        case .jsonSchema(let name, let schema, let strict):
            var schemaObject: JSONObject = ["name": .string(name)]
            if let schema { schemaObject["schema"] = schema }
            if let strict { schemaObject["strict"] = .bool(strict) }
            return .object(["type": "json_schema", "json_schema": .object(schemaObject)])
        }
    }
}
