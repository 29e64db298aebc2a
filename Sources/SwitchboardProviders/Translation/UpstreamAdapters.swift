public import SwitchboardCore
public import SwitchboardFormats

/// The format adapter for each upstream format: where a translated request's bytes are written
/// and its answer read.
public enum UpstreamAdapters {
    public static func adapter(for format: APIFormat, upstream: WireUpstream) -> any UpstreamFormatAdapter {
        switch format {
        case .openAIChat: OpenAIChatAdapter(streamUsage: upstream.streamUsage)
        case .openAIResponses: OpenAIResponsesAdapter()
        case .anthropicMessages: AnthropicMessagesAdapter()
        case .gemini: GeminiAdapter()
        }
    }
}
