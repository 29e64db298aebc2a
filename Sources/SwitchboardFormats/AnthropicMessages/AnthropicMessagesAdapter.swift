public import SwitchboardCore
import Foundation

/// Speaks Anthropic Messages to an Anthropic channel on behalf of clients of any other format.
///
/// Anthropic clients on Anthropic channels go through ``AnthropicMessagesPassthrough`` instead.
/// What the translation does with what Messages cannot carry as given:
/// - `max_tokens` is required: without `maxOutputTokens` it is 8192, or the thinking budget
///   + 4096 when thinking is on.
/// - thinking: `thinkingBudgetTokens` > 0 is sent as `budget_tokens` (raised to Anthropic's
///   minimum of 1024; a negative "dynamic" budget is 4096; 0 turns it off); otherwise
///   `reasoningEffort` low/medium/high/xhigh is a budget of 1024/4096/16384/32768, minimal or none
///   no thinking. A budget that does not fit under `max_tokens` is lowered to `max_tokens - 1`,
///   or thinking is left off when that is below 1024. Forced tool use (`any`/`tool`) and
///   thinking cannot go together on Anthropic: the tool choice wins.
/// - with thinking on, Anthropic accepts no `temperature` but 1, no `top_k` and a `top_p` of at
///   least 0.95: others are left out. `temperature` is clamped to Anthropic's 0...1.
/// - `responseFormat` json_object / json_schema has no Messages equivalent: a last system
///   instruction asks for JSON (matching the schema, which is included) instead.
/// - `seed` is dropped; `n` > 1 and `logprobs` from Chat clients (`top_logprobs` from Responses
///   clients) fail with a 400 naming the parameter.
/// - reasoning from another family is dropped, as are Anthropic thinking blocks without a
///   signature (Anthropic rejects them); unknown blocks and `extra` members are sent only when
///   the request came from an Anthropic client (`extraFormat == .anthropicMessages`).
/// - `metadata` carries only `user_id` (from `user`, else the client's `metadata.user_id`).
public struct AnthropicMessagesAdapter: UpstreamFormatAdapter {
    public init() {}

    /// The channel's base URL ends in `/v1` (`https://api.anthropic.com/v1`).
    public func path(model: String, stream: Bool) -> String { "/messages" }

    public func encodeRequest(_ request: GenerationRequest, model: String, stream: Bool) throws(GatewayError) -> [UInt8] {
        JSON.serialize(.object(try requestObject(request, model: model, stream: stream)))
    }

    public func decodeResponse(_ body: [UInt8]) throws(GatewayError) -> GenerationResponse {
        try AnthropicMessagesResponseReader.decode(body, created: Self.now())
    }

    public func makeStreamDecoder() -> any UpstreamStreamDecoding {
        AnthropicMessagesStreamDecoder(created: Self.now)
    }

    public func decodeError(status: Int, body: [UInt8]) -> GatewayError {
        AnthropicErrorEnvelope.decode(body, status: status)
    }

    /// Unix seconds, for `created` (Anthropic answers carry no timestamp).
    @Sendable static func now() -> Int { Int(Date().timeIntervalSince1970) }
}
