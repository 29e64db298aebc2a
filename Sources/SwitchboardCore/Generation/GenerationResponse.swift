/// A finished generation, independent of the wire format it will be written in.
public struct GenerationResponse: Sendable, Equatable {
    public var id: String
    public var model: String
    /// Unix seconds.
    public var created: Int
    public var content: [ContentBlock]
    public var finishReason: FinishReason
    public var usage: Usage

    public init(id: String, model: String, created: Int, content: [ContentBlock], finishReason: FinishReason, usage: Usage) {
        self.id = id
        self.model = model
        self.created = created
        self.content = content
        self.finishReason = finishReason
        self.usage = usage
    }
}

/// One step of a streamed generation.
///
/// Tool calls are identified by their position among the calls of the response (`index`), so
/// parallel calls keep their order and arguments arrive as deltas, never all at the end.
public enum StreamEvent: Sendable, Equatable {
    case start(id: String, model: String, created: Int)
    case textDelta(String)
    case reasoningDelta(Reasoning)
    case refusalDelta(String)
    case toolCallStart(index: Int, id: String, name: String)
    case toolCallArgumentsDelta(index: Int, delta: String)
    case finish(FinishReason)
    case usage(Usage)
}
