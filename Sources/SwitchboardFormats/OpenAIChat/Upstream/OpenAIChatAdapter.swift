public import SwitchboardCore

/// Speaks Chat Completions to an upstream on behalf of clients of any other format.
///
/// Used when an Anthropic, Gemini or Responses client talks to an OpenAI-compatible channel
/// (DeepSeek, xAI, Qwen, vLLM, ...); Chat clients on Chat channels are relayed byte for byte instead.
///
/// What the translation does with what Chat cannot carry:
/// - reasoning blocks are dropped, except that assistant turns with tool calls carry the text of
///   reasoning that came from a Chat upstream (`providerFamily == nil`) back as `reasoning_content`:
///   DeepSeek needs it in tool loops, and servers that do not know the field ignore it. Reasoning
///   from another family (Anthropic thinking, Gemini thoughts, Responses summaries) is never sent.
/// - `top_k` and `reasoningSummary` are dropped (Chat has no such parameters).
/// - the output cap is sent as `max_tokens` by default: every compatible server accepts it, while
///   `max_completion_tokens` is OpenAI's newer name that some servers reject. OpenAI's reasoning
///   models reject `max_tokens`, so a channel to api.openai.com passes `.maxCompletionTokens`.
/// - a thinking budget without an effort becomes `reasoning_effort` (<= 1024 low, <= 8192 medium,
///   above high; 0 or a negative "dynamic" budget sends nothing).
/// - `metadata`, unknown content parts and `extra` members are sent only when they came from a
///   Chat client (`extraFormat == .openAIChat`): other formats' fields mean nothing here and some
///   servers reject unknown members.
/// - tool results lose `isError` (Chat has no such flag) and keep only their text.
/// - only the first choice of an answer is read (`n > 1` is not translated).
public struct OpenAIChatAdapter: UpstreamFormatAdapter {
    /// Which member carries the output token cap.
    public enum MaxTokensField: String, Sendable {
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
    }

    /// Whether streams ask for a final usage chunk (`stream_options.include_usage`); some servers
    /// reject `stream_options`, and then the stream carries no usage.
    public let streamUsage: Bool
    public let maxTokensField: MaxTokensField

    public init(streamUsage: Bool = true, maxTokensField: MaxTokensField = .maxTokens) {
        self.streamUsage = streamUsage
        self.maxTokensField = maxTokensField
    }

    public func path(model: String, stream: Bool) -> String { "/chat/completions" }

    public func encodeRequest(_ request: GenerationRequest, model: String, stream: Bool) throws(GatewayError) -> [UInt8] {
        JSON.serialize(.object(requestObject(request, model: model, stream: stream)))
    }

    public func decodeResponse(_ body: [UInt8]) throws(GatewayError) -> GenerationResponse {
        try OpenAIChatResponseReader.decode(body)
    }

    public func makeStreamDecoder() -> any UpstreamStreamDecoding {
        OpenAIChatStreamDecoder()
    }

    public func decodeError(status: Int, body: [UInt8]) -> GatewayError {
        OpenAIErrorEnvelope.decode(body, status: status)
    }
}
