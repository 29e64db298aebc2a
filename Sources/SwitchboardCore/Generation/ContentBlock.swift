/// One piece of a message: the unit every format's content maps onto.
///
/// `unknown` keeps any part the gateway does not model, so it survives translation instead of
/// being dropped.
public enum ContentBlock: Sendable, Equatable {
    case text(String)
    case image(ImageSource)
    case toolCall(ToolCall)
    case toolResult(ToolResult)
    case reasoning(Reasoning)
    case refusal(String)
    case unknown(JSONValue)

    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

/// Where an image comes from: a URL (including `data:` URLs) or inline base64 bytes.
public struct ImageSource: Sendable, Equatable {
    public var url: String?
    public var mediaType: String?
    public var base64Data: String?
    /// OpenAI's `detail` hint, kept when given.
    public var detail: String?

    public init(url: String? = nil, mediaType: String? = nil, base64Data: String? = nil, detail: String? = nil) {
        self.url = url
        self.mediaType = mediaType
        self.base64Data = base64Data
        self.detail = detail
    }
}

/// A tool call made by the model; `arguments` is the JSON text exactly as generated.
public struct ToolCall: Sendable, Equatable {
    public var id: String
    public var name: String
    public var arguments: String
    /// Gemini's `thoughtSignature` on a function call part: must go back with the call on the next
    /// turn to Gemini, and means nothing to any other family (dropped there).
    public var signature: String?

    public init(id: String, name: String, arguments: String, signature: String? = nil) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.signature = signature
    }
}

/// The result of a tool call, sent back by the client.
public struct ToolResult: Sendable, Equatable {
    public var toolCallID: String
    public var content: [ContentBlock]
    public var isError: Bool

    public init(toolCallID: String, content: [ContentBlock], isError: Bool = false) {
        self.toolCallID = toolCallID
        self.content = content
        self.isError = isError
    }
}

/// Reasoning or thinking output, tagged with the provider family that produced it so signatures
/// and encrypted content go back only where they are valid.
///
/// - Anthropic `thinking`: `text` + `signature`; `redacted_thinking`: `encryptedContent` = its `data`.
/// - OpenAI Responses `reasoning` item: `text` = the summary text, `encryptedContent`, `id`.
/// - Gemini `thought: true` part: `text` + `signature` (`thoughtSignature`).
/// - Chat Completions upstreams (DeepSeek, vLLM, ...): `text` from `reasoning_content`.
public struct Reasoning: Sendable, Equatable {
    public var text: String
    public var signature: String?
    public var encryptedContent: String?
    /// `ProviderFamily` raw value of the producer; nil when unknown (then treated as foreign).
    public var providerFamily: String?
    /// The producer's id for the item (OpenAI Responses `rs_...`), kept for round trips.
    public var id: String?

    public init(
        text: String, signature: String? = nil, encryptedContent: String? = nil, providerFamily: String? = nil,
        id: String? = nil
    ) {
        self.text = text
        self.signature = signature
        self.encryptedContent = encryptedContent
        self.providerFamily = providerFamily
        self.id = id
    }

    /// Whether signatures and encrypted content may be sent to `family`: only to the one that made them.
    public func isNative(to family: ProviderFamily) -> Bool {
        providerFamily == family.rawValue
    }
}

/// The families whose reasoning artefacts (signatures, encrypted content) are valid only among
/// themselves. Used to tag ``Reasoning`` and ``ToolCall/signature`` producers.
public enum ProviderFamily: String, Sendable, Equatable {
    case openai
    case anthropic
    case gemini
}
