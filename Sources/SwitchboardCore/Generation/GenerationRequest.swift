/// A request for one generation, independent of the wire format it arrived in.
///
/// Decoders of client formats produce it; adapters of upstream formats consume it. Fields a format
/// has that the canonical model does not are kept in `extra` under their wire names, so a
/// translator for the same family can put them back.
public struct GenerationRequest: Sendable, Equatable {
    public var model: String
    public var messages: [Message]
    public var tools: [ToolDefinition]
    public var toolChoice: ToolChoice?
    public var parallelToolCalls: Bool?
    public var responseFormat: ResponseFormat?
    public var maxOutputTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var stop: [String]
    public var seed: Int?
    public var reasoningEffort: String?
    /// A token budget for thinking (Anthropic `thinking.budget_tokens`, Gemini `thinkingBudget`);
    /// 0 means thinking was turned off explicitly.
    public var thinkingBudgetTokens: Int?
    /// Whether the client wants the reasoning shown (Gemini `includeThoughts`, Responses
    /// `reasoning.summary`: its value is kept in `reasoningSummary`).
    public var reasoningSummary: String?
    public var topK: Int?
    public var user: String?
    public var metadata: JSONObject?
    public var stream: Bool
    /// The client asked for token usage in the stream.
    public var streamIncludeUsage: Bool
    public var extra: JSONObject
    /// The format `extra` came from: its members are meaningful only to an upstream of that format.
    public var extraFormat: APIFormat?

    public init(
        model: String, messages: [Message], tools: [ToolDefinition] = [], toolChoice: ToolChoice? = nil,
        parallelToolCalls: Bool? = nil, responseFormat: ResponseFormat? = nil, maxOutputTokens: Int? = nil,
        temperature: Double? = nil, topP: Double? = nil, stop: [String] = [], seed: Int? = nil,
        reasoningEffort: String? = nil, thinkingBudgetTokens: Int? = nil, reasoningSummary: String? = nil,
        topK: Int? = nil, user: String? = nil, metadata: JSONObject? = nil,
        stream: Bool = false, streamIncludeUsage: Bool = false, extra: JSONObject = JSONObject(),
        extraFormat: APIFormat? = nil
    ) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.parallelToolCalls = parallelToolCalls
        self.responseFormat = responseFormat
        self.maxOutputTokens = maxOutputTokens
        self.temperature = temperature
        self.topP = topP
        self.stop = stop
        self.seed = seed
        self.reasoningEffort = reasoningEffort
        self.thinkingBudgetTokens = thinkingBudgetTokens
        self.reasoningSummary = reasoningSummary
        self.topK = topK
        self.user = user
        self.metadata = metadata
        self.stream = stream
        self.streamIncludeUsage = streamIncludeUsage
        self.extra = extra
        self.extraFormat = extraFormat
    }

    /// The last message with the user role, if any.
    public var lastUserMessage: Message? {
        messages.last(where: { $0.role == .user })
    }
}
