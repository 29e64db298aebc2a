public import SwitchboardCore

/// Reads a client's Anthropic Messages request (`POST /v1/messages`) into the canonical model.
///
/// Validation is strict where the gateway relies on a member (400s name the member, as
/// `messages[2].content[0].text: Field required`); members the canonical model has no place for
/// (`service_tier`, `container`, `mcp_servers`, `context_management`, server tools, an `adaptive`
/// thinking config, ...) are kept in `extra` for an Anthropic upstream. `cache_control` marks on
/// blocks are not translated: they matter only to Anthropic, which gets the client's own bytes
/// through ``AnthropicMessagesPassthrough``.
public enum AnthropicMessagesRequestDecoder {
    static let modelledKeys: Set<String> = [
        "model", "messages", "system", "max_tokens", "tools", "tool_choice", "thinking", "stop_sequences",
        "temperature", "top_p", "top_k", "metadata", "stream",
    ]

    public static func decode(body: [UInt8]) throws(GatewayError) -> GenerationRequest {
        let value: JSONValue
        do {
            value = try JSON.parse(body)
        } catch {
            throw GatewayError.malformedJSON(error)
        }
        guard let object = value.objectValue else {
            throw GatewayError.invalidRequest("The request body must be a JSON object.")
        }
        typealias Field = AnthropicRequestField
        let model = try Field.requiredString(object, "model", at: "model")
        guard !model.isEmpty else { throw Field.invalid("model", "String should have at least 1 character") }
        let maxTokens = try maxTokens(object)

        var messages: [Message] = []
        if let system = try AnthropicMessagesReader.system(Field.present(object, "system")) { messages.append(system) }
        messages += try AnthropicMessagesReader.messages(object["messages"])

        var extra = JSONObject()
        for member in object where !modelledKeys.contains(member.key) {
            extra[member.key] = member.value
        }
        let tools = try AnthropicToolsReader.tools(object, serverTools: &extra)
        let choice = try AnthropicToolsReader.toolChoice(object)
        let thinkingBudget = try AnthropicToolsReader.thinkingBudget(object, unmodelled: &extra)
        let metadata = try Field.optionalObject(object, "metadata", at: "metadata")
        let stop = try stopSequences(object)

        return GenerationRequest(
            model: model, messages: messages, tools: tools, toolChoice: choice?.choice,
            parallelToolCalls: choice?.parallelToolCalls, maxOutputTokens: maxTokens,
            temperature: try Field.optionalNumber(object, "temperature", at: "temperature"),
            topP: try Field.optionalNumber(object, "top_p", at: "top_p"),
            stop: stop, thinkingBudgetTokens: thinkingBudget,
            topK: try Field.optionalInteger(object, "top_k", at: "top_k"),
            user: try metadata.flatMap { m throws(GatewayError) in try Field.optionalString(m, "user_id", at: "metadata.user_id") },
            metadata: metadata,
            stream: try Field.optionalBool(object, "stream", at: "stream") ?? false,
            streamIncludeUsage: true, extra: extra, extraFormat: .anthropicMessages)
    }

    private static func maxTokens(_ object: JSONObject) throws(GatewayError) -> Int {
        guard let value = AnthropicRequestField.present(object, "max_tokens") else {
            throw AnthropicRequestField.invalid("max_tokens", "Field required")
        }
        guard let maxTokens = value.intValue else {
            throw AnthropicRequestField.invalid("max_tokens", "Input should be a valid integer")
        }
        guard maxTokens >= 1 else {
            throw AnthropicRequestField.invalid("max_tokens", "Input should be greater than or equal to 1")
        }
        guard maxTokens <= GenerationRequest.maximumOutputTokens else {
            throw AnthropicRequestField.invalid(
                "max_tokens", "Input should be less than or equal to \(GenerationRequest.maximumOutputTokens)")
        }
        return maxTokens
    }

    private static func stopSequences(_ object: JSONObject) throws(GatewayError) -> [String] {
        let values = try AnthropicRequestField.optionalArray(object, "stop_sequences", at: "stop_sequences") ?? []
        var sequences: [String] = []
        for (index, value) in values.enumerated() {
            guard let text = value.stringValue else {
                throw AnthropicRequestField.invalid("stop_sequences[\(index)]", "Input should be a valid string")
            }
            sequences.append(text)
        }
        return sequences
    }
}
