/// A wire protocol the gateway speaks, with clients and with upstreams.
///
/// When a client's format equals its channel's, the body is relayed (passthrough); otherwise it is
/// translated through the canonical model.
public enum APIFormat: String, Sendable, Equatable, Hashable {
    /// `POST /chat/completions`.
    case openAIChat = "openai-chat"
    /// `POST /responses`.
    case openAIResponses = "openai-responses"
    /// `POST /v1/messages`.
    case anthropicMessages = "anthropic-messages"
    /// `POST /v1beta/models/{model}:generateContent` and `:streamGenerateContent`.
    case gemini
}
