import SwitchboardCore

/// Validates and reads a request's `tools`, `tool_choice` and `thinking`.
enum AnthropicToolsReader {
    typealias Field = AnthropicRequestField

    /// Custom tools (no `type`, or `custom`) become canonical tools; server tools (`web_search_...`,
    /// `bash_...`, ...) have no canonical form and stay in `extra["tools"]`, in their order.
    static func tools(_ object: JSONObject, serverTools extra: inout JSONObject) throws(GatewayError) -> [ToolDefinition] {
        guard let list = try Field.optionalArray(object, "tools", at: "tools") else { return [] }
        var tools: [ToolDefinition] = []
        var serverTools: [JSONValue] = []
        for (index, value) in list.enumerated() {
            let path = "tools[\(index)]"
            let tool = try Field.element(value, at: path)
            let type = try Field.optionalString(tool, "type", at: "\(path).type")
            guard type == nil || type == "custom" else {
                serverTools.append(value)
                continue
            }
            tools.append(ToolDefinition(
                name: try Field.requiredString(tool, "name", at: "\(path).name"),
                description: try Field.optionalString(tool, "description", at: "\(path).description"),
                parameters: .object(try Field.requiredObject(tool, "input_schema", at: "\(path).input_schema"))))
        }
        if !serverTools.isEmpty { extra["tools"] = .array(serverTools) }
        return tools
    }

    /// `auto`, `any` (-> required), `tool` (-> function), `none`; `disable_parallel_tool_use`
    /// -> parallelToolCalls false.
    static func toolChoice(_ object: JSONObject) throws(GatewayError) -> (choice: ToolChoice, parallelToolCalls: Bool?)? {
        guard let choice = try Field.optionalObject(object, "tool_choice", at: "tool_choice") else { return nil }
        let disableParallel = try Field.optionalBool(choice, "disable_parallel_tool_use", at: "tool_choice.disable_parallel_tool_use")
        let parallel = disableParallel == true ? false : nil
        switch try Field.requiredString(choice, "type", at: "tool_choice.type") {
        case "auto": return (.auto, parallel)
        case "any": return (.required, parallel)
        case "none": return (ToolChoice.none, parallel)
        case "tool": return (.function(try Field.requiredString(choice, "name", at: "tool_choice.name")), parallel)
        default: throw Field.invalid("tool_choice.type", "Input should be 'auto', 'any', 'tool' or 'none'")
        }
    }

    /// `enabled` -> its `budget_tokens`, `disabled` -> 0; another type (`adaptive`) has no
    /// canonical budget and stays in `extra["thinking"]`.
    static func thinkingBudget(_ object: JSONObject, unmodelled extra: inout JSONObject) throws(GatewayError) -> Int? {
        guard let thinking = try Field.optionalObject(object, "thinking", at: "thinking") else { return nil }
        switch try Field.requiredString(thinking, "type", at: "thinking.type") {
        case "enabled":
            guard let budget = Field.present(thinking, "budget_tokens") else {
                throw Field.invalid("thinking.budget_tokens", "Field required")
            }
            guard let tokens = budget.intValue, tokens >= 1 else {
                throw Field.invalid("thinking.budget_tokens", "Input should be a positive integer")
            }
            return tokens
        case "disabled":
            return 0
        default:
            extra["thinking"] = .object(thinking)
            return nil
        }
    }
}
