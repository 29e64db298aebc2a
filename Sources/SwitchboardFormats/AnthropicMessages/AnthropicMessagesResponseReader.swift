import SwitchboardCore

/// Reads an Anthropic channel's non-streamed answer into a canonical response.
///
/// Content keeps its order: `thinking` and `redacted_thinking` become reasoning tagged
/// `anthropic`, `tool_use` a tool call with its `input` serialised as the arguments; server tool
/// blocks (`server_tool_use`, `web_search_tool_result`, ...) and other blocks are kept as unknown.
enum AnthropicMessagesResponseReader {
    static func decode(_ body: [UInt8], created: Int) throws(GatewayError) -> GenerationResponse {
        guard let object = (try? JSON.parse(body))?.objectValue else {
            throw GatewayError(.upstreamUnavailable, "The upstream returned a response that is not a JSON object.")
        }
        if object["type"] == "error" {
            throw AnthropicErrorEnvelope.decodeStreamError(.object(object))
        }
        let stopSequence = object["stop_sequence"]?.stringValue
        return GenerationResponse(
            id: object["id"]?.stringValue ?? "",
            model: object["model"]?.stringValue ?? "",
            created: created,
            content: (object["content"]?.arrayValue ?? []).map(AnthropicContentReader.block),
            finishReason: object["stop_reason"]?.stringValue.map(AnthropicStopReason.decode) ?? .stop,
            usage: AnthropicUsage.decode(object["usage"]) ?? Usage(),
            stopSequence: stopSequence)
    }
}
