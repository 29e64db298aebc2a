public import SwitchboardCore

/// Writes a canonical response as a Responses `response` object, as OpenAI returns it.
///
/// The request's settings are echoed (instructions, tools, tool_choice, text, reasoning, ...)
/// because the SDKs read them from the response; `output_text` is left out (the SDKs compute it).
public enum OpenAIResponsesResponseEncoder {
    public static func encode(
        _ response: GenerationResponse, request: OpenAIResponsesRequest, id: String, createdAt: Int
    ) -> JSONValue {
        let incomplete = OpenAIResponsesStatus.incompleteReason(for: response.finishReason)
        return responseObject(
            request: request, id: id, createdAt: createdAt, model: response.model,
            status: incomplete == nil ? "completed" : "incomplete",
            output: OpenAIResponsesItems.output(of: response.content, responseID: id),
            usage: OpenAIResponsesUsage.encode(response.usage),
            incompleteReason: incomplete)
    }

    /// A response object in any state (`in_progress` and `failed` for streams).
    static func responseObject(
        request: OpenAIResponsesRequest, id: String, createdAt: Int, model: String, status: String,
        output: [JSONValue], usage: JSONValue, incompleteReason: String? = nil, error: JSONValue = .null
    ) -> JSONValue {
        let body = request.object
        func echo(_ key: String, default value: JSONValue = .null) -> JSONValue {
            guard let given = body[key], !given.isNull else { return value }
            return given
        }
        var object: JSONObject = [
            "id": .string(id),
            "object": "response",
            "created_at": .int(createdAt),
            "status": .string(status),
            "background": .bool(false),
            "error": error,
            "incomplete_details": incompleteReason.map { .object(["reason": .string($0)]) } ?? .null,
            "instructions": request.instructions.map(JSONValue.string) ?? .null,
            "max_output_tokens": echo("max_output_tokens"),
            "max_tool_calls": echo("max_tool_calls"),
            "model": .string(model),
            "output": .array(output),
            "parallel_tool_calls": echo("parallel_tool_calls", default: .bool(true)),
            "previous_response_id": request.previousResponseID.map(JSONValue.string) ?? .null,
        ]
        for key in ["prompt_cache_key", "safety_identifier", "service_tier"] where body[key] != nil {
            object[key] = body[key]
        }
        object["reasoning"] = reasoningEcho(body["reasoning"])
        object["store"] = .bool(request.store)
        object["temperature"] = echo("temperature", default: .number("1.0"))
        object["text"] = textEcho(body["text"])
        object["tool_choice"] = echo("tool_choice", default: "auto")
        object["tools"] = echo("tools", default: .array([]))
        object["top_p"] = echo("top_p", default: .number("1.0"))
        object["truncation"] = echo("truncation", default: "disabled")
        object["usage"] = usage
        object["user"] = echo("user")
        object["metadata"] = echo("metadata", default: .object([:]))
        return .object(object)
    }

    private static func reasoningEcho(_ value: JSONValue?) -> JSONValue {
        var reasoning = value?.objectValue ?? JSONObject()
        if reasoning["effort"] == nil { reasoning["effort"] = .null }
        if reasoning["summary"] == nil { reasoning["summary"] = .null }
        return .object(reasoning)
    }

    private static func textEcho(_ value: JSONValue?) -> JSONValue {
        var text = value?.objectValue ?? JSONObject()
        if text["format"] == nil || text["format"]?.isNull == true { text["format"] = .object(["type": "text"]) }
        return .object(text)
    }
}
