import SwitchboardCore

extension AnthropicMessagesAdapter {
    /// The Messages body for `request`, members in the order Anthropic documents them.
    func requestObject(_ request: GenerationRequest, model: String, stream: Bool) throws(GatewayError) -> JSONObject {
        try Self.rejectUnsupported(request)
        let fromAnthropic = request.extraFormat == .anthropicMessages
        let writer = AnthropicMessageWriter(keepsUnknownBlocks: fromAnthropic)
        var budget = Self.forcesToolUse(request.toolChoice) ? nil : Self.thinkingBudget(request)
        let maxTokens = request.maxOutputTokens ?? budget.map { $0 + 4096 } ?? 8192
        if let wanted = budget, wanted >= maxTokens {
            budget = maxTokens - 1 >= Self.minimumBudget ? maxTokens - 1 : nil
        }

        var body: JSONObject = ["model": .string(model), "max_tokens": .int(maxTokens)]
        if let system = writer.system(request.messages, instruction: Self.formatInstruction(request.responseFormat)) {
            body["system"] = system
        }
        body["messages"] = .array(try writer.messages(request.messages))
        var tools = request.tools.map(Self.toolJSON)
        if fromAnthropic, let serverTools = request.extra["tools"]?.arrayValue { tools += serverTools }
        if !tools.isEmpty {
            body["tools"] = .array(tools)
            if let choice = Self.toolChoiceJSON(request.toolChoice, parallelToolCalls: request.parallelToolCalls) {
                body["tool_choice"] = choice
            }
        }
        if let budget {
            body["thinking"] = .object(["type": "enabled", "budget_tokens": .int(budget)])
        }
        if !request.stop.isEmpty { body["stop_sequences"] = .array(request.stop.map(JSONValue.string)) }
        let thinking = budget != nil
        if let temperature = request.temperature, !thinking || temperature == 1 {
            body["temperature"] = .double(min(max(temperature, 0), 1))
        }
        if let topP = request.topP, !thinking || topP >= 0.95 { body["top_p"] = .double(topP) }
        if let topK = request.topK, !thinking { body["top_k"] = .int(topK) }
        if let userID = request.user ?? request.metadata?["user_id"]?.stringValue {
            body["metadata"] = .object(["user_id": .string(userID)])
        }
        if stream { body["stream"] = .bool(true) }
        if fromAnthropic {
            for member in request.extra where body[member.key] == nil && !Self.controlledKeys.contains(member.key) {
                body[member.key] = member.value
            }
        }
        return body
    }

    /// Members an Anthropic client's `extra` may not set: the adapter decides them.
    static let controlledKeys: Set<String> = ["model", "messages", "max_tokens", "stream", "tools", "tool_choice"]

    static let minimumBudget = 1024

    static func forcesToolUse(_ choice: ToolChoice?) -> Bool {
        switch choice {
        case .required?, .function?: true
        default: false
        }
    }

    /// The thinking budget to ask for, nil for no thinking.
    static func thinkingBudget(_ request: GenerationRequest) -> Int? {
        if let budget = request.thinkingBudgetTokens {
            if budget == 0 { return nil }
            return budget < 0 ? 4096 : max(budget, minimumBudget)
        }
        switch request.reasoningEffort {
        case "low": return 1024
        case "medium": return 4096
        case "high": return 16384
        case "xhigh": return 32768
        default: return nil
        }
    }

    /// Parameters of other formats that Messages cannot honour and that change the answer's shape.
    static func rejectUnsupported(_ request: GenerationRequest) throws(GatewayError) {
        switch request.extraFormat {
        case .openAIChat?:
            if let choices = request.extra["n"]?.intValue, choices > 1 {
                throw GatewayError.invalidRequest(
                    "Anthropic models return a single choice: 'n' must be 1 for this model.", param: "n")
            }
            if request.extra["logprobs"]?.boolValue == true {
                throw GatewayError.invalidRequest("Anthropic models do not return log probabilities: 'logprobs' is not supported for this model.", param: "logprobs")
            }
        case .openAIResponses?:
            if let top = request.extra["top_logprobs"]?.intValue, top > 0 {
                throw GatewayError.invalidRequest("Anthropic models do not return log probabilities: 'top_logprobs' is not supported for this model.", param: "top_logprobs")
            }
        default:
            break
        }
    }

    static func toolJSON(_ tool: ToolDefinition) -> JSONValue {
        var object: JSONObject = ["name": .string(tool.name)]
        if let description = tool.description { object["description"] = .string(description) }
        object["input_schema"] = tool.parameters ?? .object(["type": "object"])
        return .object(object)
    }

    static func toolChoiceJSON(_ choice: ToolChoice?, parallelToolCalls: Bool?) -> JSONValue? {
        var object: JSONObject
        switch choice {
        case .none?: return .object(["type": "none"])
        case .required?: object = ["type": "any"]
        case .function(let name)?: object = ["type": "tool", "name": .string(name)]
        case .auto?: object = ["type": "auto"]
        case nil:
            guard parallelToolCalls == false else { return nil }
            object = ["type": "auto"]
        }
        if parallelToolCalls == false { object["disable_parallel_tool_use"] = .bool(true) }
        return .object(object)
    }

    /// The system instruction standing in for a structured-output request.
    static func formatInstruction(_ format: ResponseFormat?) -> String? {
        switch format {
        case .jsonObject?:
            return "Respond with a single valid JSON object and nothing else: no prose, no code fences."
        case .jsonSchema(let name, let schema, _)?:
            var text = "Respond with a single JSON value named \"\(name)\" and nothing else: no prose, no code fences."
            if let schema { text += " It must conform to this JSON Schema:\n" + JSON.string(schema) }
            return text
        case .text?, nil:
            return nil
        }
    }
}
