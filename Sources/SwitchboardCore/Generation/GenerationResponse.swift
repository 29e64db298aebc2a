/// A finished generation, independent of the wire format it will be written in.
public struct GenerationResponse: Sendable, Equatable {
    public var id: String
    public var model: String
    /// Unix seconds.
    public var created: Int
    public var content: [ContentBlock]
    public var finishReason: FinishReason
    public var usage: Usage
    /// The stop sequence that ended the generation, when the provider says which (Anthropic).
    public var stopSequence: String?

    public init(
        id: String, model: String, created: Int, content: [ContentBlock], finishReason: FinishReason, usage: Usage,
        stopSequence: String? = nil
    ) {
        self.id = id
        self.model = model
        self.created = created
        self.content = content
        self.finishReason = finishReason
        self.usage = usage
        self.stopSequence = stopSequence
    }
}

/// One step of a streamed generation.
///
/// Tool calls are identified by their position among the calls of the response (`index`, from 0
/// in order of appearance), so parallel calls keep their order and arguments arrive as deltas,
/// never all at the end.
///
/// Order rules every decoder keeps and every encoder may rely on: `start` first; `toolCallStart`
/// before that call's argument deltas; `finish` after all content; `usage` may come before or after
/// `finish` (and more than once: the last one wins), and nothing but `usage` follows `finish`.
/// A `reasoningDelta` carrying only a `signature` (empty text) closes the current thinking block;
/// `reasoningDelta`s with a different `id` start a new reasoning item.
public enum StreamEvent: Sendable, Equatable {
    case start(id: String, model: String, created: Int)
    case textDelta(String)
    case reasoningDelta(Reasoning)
    case refusalDelta(String)
    case toolCallStart(index: Int, id: String, name: String)
    case toolCallArgumentsDelta(index: Int, delta: String)
    /// Gemini's `thoughtSignature` for a call already started.
    case toolCallSignature(index: Int, signature: String)
    /// Which stop sequence ended the generation (Anthropic reports it), before `finish`.
    case stopSequence(String)
    case finish(FinishReason)
    case usage(Usage)
}
