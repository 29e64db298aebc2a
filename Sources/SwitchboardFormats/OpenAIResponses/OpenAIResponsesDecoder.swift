public import SwitchboardCore

/// Decodes a Responses request, with the items of its stored `previous_response_id` chain, into
/// the canonical model.
///
/// - `instructions` becomes a leading system message; instructions of earlier responses in the
///   chain are not carried (OpenAI's rule), so `history` holds items only.
/// - Function tools become ``ToolDefinition``s; other tool types (web_search, file_search,
///   custom, mcp, ...) stay in `extra["tools"]` (only when there are some), for a Responses
///   upstream. A `tool_choice` naming such a tool stays in `extra["tool_choice"]`.
/// - `text.format` becomes ``ResponseFormat``; other `text` members (verbosity) stay in
///   `extra["text"]`; likewise `reasoning` members beside effort and summary in `extra["reasoning"]`.
/// - `store`, `stream`, `background` and `previous_response_id` are the gateway's to honour and
///   never reach `extra`.
public enum OpenAIResponsesDecoder {
    static let gatewayKeys: Set<String> = [
        "model", "input", "instructions", "previous_response_id", "store", "stream", "background",
        "tools", "tool_choice", "parallel_tool_calls", "text", "reasoning", "max_output_tokens",
        "temperature", "top_p", "user", "safety_identifier", "metadata",
    ]

    public static func decode(_ request: OpenAIResponsesRequest, history: [JSONValue]) -> GenerationRequest {
        let object = request.object
        var extra = JSONObject()
        for member in object where !gatewayKeys.contains(member.key) {
            extra[member.key] = member.value
        }
        var messages: [Message] = []
        if let instructions = request.instructions, !instructions.isEmpty {
            messages.append(Message(role: .system, content: [.text(instructions)]))
        }
        messages += OpenAIResponsesItemDecoder.messages(from: history + request.input)

        var tools: [ToolDefinition] = []
        var otherTools: [JSONValue] = []
        for tool in object["tools"]?.arrayValue ?? [] {
            if let definition = decodeTool(tool) { tools.append(definition) } else { otherTools.append(tool) }
        }
        if !otherTools.isEmpty { extra["tools"] = .array(otherTools) }

        let toolChoice = object["tool_choice"].flatMap(decodeToolChoice)
        if toolChoice == nil, let choice = object["tool_choice"], !choice.isNull { extra["tool_choice"] = choice }

        let text = object["text"]?.objectValue
        if var rest = text {
            rest.removeValue(forKey: "format")
            if !rest.isEmpty { extra["text"] = .object(rest) }
        }
        let reasoning = object["reasoning"]?.objectValue
        if var rest = reasoning {
            rest.removeValue(forKey: "effort")
            rest.removeValue(forKey: "summary")
            if !rest.isEmpty { extra["reasoning"] = .object(rest) }
        }
        let user = object["user"]?.stringValue
        if user != nil, let identifier = object["safety_identifier"], !identifier.isNull {
            extra["safety_identifier"] = identifier
        }

        return GenerationRequest(
            model: request.model,
            messages: messages,
            tools: tools,
            toolChoice: toolChoice,
            parallelToolCalls: object["parallel_tool_calls"]?.boolValue,
            responseFormat: text?["format"].flatMap(decodeResponseFormat),
            maxOutputTokens: object["max_output_tokens"]?.intValue,
            temperature: object["temperature"]?.doubleValue,
            topP: object["top_p"]?.doubleValue,
            reasoningEffort: reasoning?["effort"]?.stringValue,
            reasoningSummary: reasoning?["summary"]?.stringValue,
            user: user ?? object["safety_identifier"]?.stringValue,
            metadata: object["metadata"]?.objectValue,
            stream: request.stream,
            streamIncludeUsage: true,
            extra: extra,
            extraFormat: .openAIResponses)
    }

    static func decodeTool(_ value: JSONValue) -> ToolDefinition? {
        guard value["type"]?.stringValue == "function", let name = value["name"]?.stringValue else { return nil }
        let parameters = value["parameters"].flatMap { $0.isNull ? nil : $0 }
        return ToolDefinition(
            name: name, description: value["description"]?.stringValue, parameters: parameters,
            strict: value["strict"]?.boolValue)
    }

    static func decodeToolChoice(_ value: JSONValue) -> ToolChoice? {
        switch value {
        case .string("auto"): return .auto
        case .string("none"): return ToolChoice.none
        case .string("required"): return .required
        default:
            guard value["type"]?.stringValue == "function" else { return nil }
            return value["name"]?.stringValue.map(ToolChoice.function)
        }
    }

    static func decodeResponseFormat(_ format: JSONValue) -> ResponseFormat? {
        switch format["type"]?.stringValue {
        case "json_schema":
            return .jsonSchema(
                name: format["name"]?.stringValue ?? "response", schema: format["schema"],
                strict: format["strict"]?.boolValue)
        case "json_object": return .jsonObject
        case "text": return .text
        default: return nil
        }
    }
}
