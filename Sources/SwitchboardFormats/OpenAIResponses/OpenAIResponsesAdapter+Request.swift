import SwitchboardCore

/// Canonical request -> Responses body.
extension OpenAIResponsesAdapter {
    func body(for request: GenerationRequest, model: String, stream: Bool) throws(GatewayError) -> JSONObject {
        if let n = request.extra["n"]?.intValue, n > 1 {
            throw GatewayError.invalidRequest("The Responses API generates one answer per request: 'n' must be 1.", param: "n")
        }
        if !request.stop.isEmpty {
            throw GatewayError.invalidRequest("This model is served through the Responses API, which has no stop sequences.", param: "stop")
        }
        var body: JSONObject = ["model": .string(model)]
        var messages = request.messages[...]
        var instructions: [String] = []
        while let first = messages.first, first.role == .system || first.role == .developer {
            instructions.append(first.text)
            messages = messages.dropFirst()
        }
        if !instructions.isEmpty { body["instructions"] = .string(instructions.joined(separator: "\n\n")) }
        var includesReasoning = false
        var input: [JSONValue] = []
        for message in messages {
            input += OpenAIResponsesInputEncoder.items(of: message, includesReasoning: &includesReasoning)
        }
        body["input"] = .array(input)
        if !request.tools.isEmpty { body["tools"] = .array(request.tools.map(Self.toolJSON)) }
        if let choice = request.toolChoice { body["tool_choice"] = Self.toolChoiceJSON(choice) }
        if let parallel = request.parallelToolCalls { body["parallel_tool_calls"] = .bool(parallel) }
        if let format = request.responseFormat { body["text"] = .object(["format": Self.formatJSON(format)]) }
        var reasoning = JSONObject()
        if let effort = request.reasoningEffort ?? Self.effort(forBudget: request.thinkingBudgetTokens) {
            reasoning["effort"] = .string(effort)
        }
        if let summary = request.reasoningSummary {
            // Other formats only say whether thoughts are wanted; OpenAI takes one of three values.
            reasoning["summary"] = .string(["auto", "concise", "detailed"].contains(summary) ? summary : "auto")
        }
        if !reasoning.isEmpty { body["reasoning"] = .object(reasoning) }
        if let tokens = request.maxOutputTokens { body["max_output_tokens"] = .int(tokens) }
        if let temperature = request.temperature { body["temperature"] = .double(temperature) }
        if let topP = request.topP { body["top_p"] = .double(topP) }
        if let user = request.user { body["user"] = .string(user) }
        if let metadata = request.metadata { body["metadata"] = .object(metadata) }
        body["store"] = .bool(false)
        if stream { body["stream"] = .bool(true) }
        if includesReasoning { body["include"] = .array(["reasoning.encrypted_content"]) }
        if request.extraFormat == .openAIResponses { Self.merge(request.extra, into: &body) }
        return body
    }

    /// Adds the Responses-only members a Responses client sent: absent members are added, objects
    /// gain the members they lack (`text.verbosity`), arrays are joined (`tools` of other types,
    /// `include`). What the gateway set itself (`store`, `stream`, `model`) is never overridden.
    static func merge(_ extra: JSONObject, into body: inout JSONObject) {
        for member in extra {
            switch (body[member.key], member.value) {
            case (nil, let value):
                body[member.key] = value
            case (.object(var current)?, .object(let added)):
                for inner in added where current[inner.key] == nil { current[inner.key] = inner.value }
                body[member.key] = .object(current)
            case (.array(let current)?, .array(let added)):
                body[member.key] = .array(current + added.filter { !current.contains($0) })
            default:
                continue
            }
        }
    }

    static func toolJSON(_ tool: ToolDefinition) -> JSONValue {
        var object: JSONObject = ["type": "function", "name": .string(tool.name)]
        if let description = tool.description { object["description"] = .string(description) }
        object["parameters"] = tool.parameters ?? .object(["type": "object", "properties": .object([:])])
        // Responses functions default to strict; other formats' tools do not.
        object["strict"] = .bool(tool.strict ?? false)
        return .object(object)
    }

    static func toolChoiceJSON(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: "auto"
        case .none: "none"
        case .required: "required"
        case .function(let name): .object(["type": "function", "name": .string(name)])
        }
    }

    static func formatJSON(_ format: ResponseFormat) -> JSONValue {
        switch format {
        case .text: return .object(["type": "text"])
        case .jsonObject: return .object(["type": "json_object"])
        case .jsonSchema(let name, let schema, let strict):
            var object: JSONObject = ["type": "json_schema", "name": .string(name)]
            object["schema"] = schema ?? .object(["type": "object"])
            if let strict { object["strict"] = .bool(strict) }
            return .object(object)
        }
    }

    /// A thinking budget from another format as an effort, when no effort was given.
    static func effort(forBudget budget: Int?) -> String? {
        guard let budget, budget > 0 else { return nil }
        if budget <= 2048 { return "low" }
        return budget <= 16384 ? "medium" : "high"
    }
}
