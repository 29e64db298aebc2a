public import SwitchboardCore

/// The OpenAI Responses API as an upstream format (`POST /responses`), for any client format:
/// a Chat or Anthropic client on a Responses-only model (codex, pro models), for instance.
///
/// The gateway keeps the conversation state, so requests go up with `store: false`, and OpenAI's
/// reasoning comes back as encrypted content carried in the canonical model.
public struct OpenAIResponsesAdapter: UpstreamFormatAdapter {
    public init() {}

    public func path(model: String, stream: Bool) -> String { "/responses" }

    public func encodeRequest(_ request: GenerationRequest, model: String, stream: Bool) throws(GatewayError) -> [UInt8] {
        JSON.serialize(.object(try body(for: request, model: model, stream: stream)))
    }

    public func decodeResponse(_ body: [UInt8]) throws(GatewayError) -> GenerationResponse {
        guard let response = try? JSON.parse(body), response.objectValue != nil else {
            throw GatewayError(.upstreamUnavailable, "The upstream returned a response that is not a JSON object.")
        }
        if response["status"]?.stringValue == "failed" {
            throw OpenAIResponsesUpstreamError.error(fromFailedResponse: response)
        }
        return Self.generationResponse(from: response)
    }

    public func makeStreamDecoder() -> any UpstreamStreamDecoding {
        OpenAIResponsesStreamDecoder()
    }

    public func decodeError(status: Int, body: [UInt8]) -> GatewayError {
        OpenAIErrorEnvelope.decode(body, status: status)
    }

    /// Reads a finished response object into the canonical model.
    static func generationResponse(from response: JSONValue) -> GenerationResponse {
        GenerationResponse(
            id: response["id"]?.stringValue ?? "",
            model: response["model"]?.stringValue ?? "",
            created: response["created_at"]?.intValue ?? 0,
            content: OpenAIResponsesItems.outputItems(of: response).flatMap(contentBlocks(ofOutputItem:)),
            finishReason: OpenAIResponsesStatus.finishReason(of: response),
            usage: OpenAIResponsesUsage.decode(response["usage"]) ?? Usage())
    }

    /// One output item as canonical content; items the model has no place for stay `.unknown`.
    static func contentBlocks(ofOutputItem item: JSONValue) -> [ContentBlock] {
        switch item["type"]?.stringValue {
        case "reasoning":
            return [.reasoning(OpenAIResponsesItemDecoder.reasoning(of: item))]
        case "message":
            return (item["content"]?.arrayValue ?? []).map(OpenAIResponsesItemDecoder.contentBlock(ofPart:))
        case "function_call":
            return [.toolCall(OpenAIResponsesItemDecoder.toolCall(of: item))]
        default:
            return [.unknown(item)]
        }
    }
}
