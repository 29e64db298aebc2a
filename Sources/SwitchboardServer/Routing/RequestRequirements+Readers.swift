import SwitchboardFormats
import SwitchboardCore
import SwitchboardProviders

/// Reads what a request needs of a channel from each client format, for the router's capability
/// check. Only called for models with a restricted channel, so the common request pays nothing.
extension RequestRequirements {
    /// From the canonical request (Anthropic Messages and Gemini clients decode to it first).
    static func of(_ generation: GenerationRequest) -> RequestRequirements {
        var needs = RequestRequirements(tools: !generation.tools.isEmpty)
        for message in generation.messages {
            for block in message.content {
                switch block {
                case .toolCall, .toolResult: needs.tools = true
                case .image: needs.vision = true
                default: break
                }
            }
        }
        return needs
    }

    /// From a Chat Completions body's members: `tools`/`functions`, tool messages and calls, image parts.
    /// From a Chat Completions request.
    static func of(_ chat: OpenAIChatInboundRequest) -> RequestRequirements {
        ofChat(tools: chat.member("tools"), functions: chat.member("functions"), messages: chat.member("messages"))
    }

    static func ofChat(tools: JSONValue?, functions: JSONValue?, messages: JSONValue?) -> RequestRequirements {
        var needs = RequestRequirements(tools: !(tools?.arrayValue?.isEmpty ?? true) || !(functions?.arrayValue?.isEmpty ?? true))
        for message in messages?.arrayValue ?? [] {
            let role = message["role"]?.stringValue
            if role == "tool" || role == "function" || message["tool_calls"] != nil || message["function_call"] != nil {
                needs.tools = true
            }
            for part in message["content"]?.arrayValue ?? [] where ["image_url", "image"].contains(part["type"]?.stringValue ?? "") {
                needs.vision = true
            }
        }
        return needs
    }

    /// From a Responses body: function tools and items need tools, `input_image` parts need vision,
    /// hosted tools (web search, file search, code interpreter, ...) and `background` need the
    /// Responses API itself.
    static func ofResponses(_ body: JSONValue) -> RequestRequirements {
        var needs = RequestRequirements(responsesAPI: body["background"]?.boolValue == true)
        for tool in body["tools"]?.arrayValue ?? [] {
            needs.tools = true
            if !["function", "custom"].contains(tool["type"]?.stringValue ?? "function") { needs.responsesAPI = true }
        }
        for item in body["input"]?.arrayValue ?? [] {
            let type = item["type"]?.stringValue ?? ""
            if type.hasSuffix("_call") || type.hasSuffix("_call_output") { needs.tools = true }
            for part in item["content"]?.arrayValue ?? [] where part["type"]?.stringValue == "input_image" {
                needs.vision = true
            }
        }
        return needs
    }
}
