/// What requests a channel can serve beyond plain text (`capabilities:` in a channel's config), so
/// the router skips a channel that would fail a request's parameters instead of spending an attempt
/// on it: a local model without tool calling, a text-only model behind an OpenAI-compatible server.
///
/// Everything is assumed supported unless the config says otherwise: the providers' own APIs serve
/// all of it, and a wrong `false` would only hide a working channel.
public struct ChannelCapabilities: Sendable, Equatable {
    /// Tool (function) definitions and tool calls.
    public var tools: Bool
    /// Image inputs.
    public var vision: Bool

    public init(tools: Bool = true, vision: Bool = true) {
        self.tools = tools
        self.vision = vision
    }

    /// Whether a request needing `requirements` may go to this channel.
    public func serves(_ requirements: RequestRequirements) -> Bool {
        (tools || !requirements.tools) && (vision || !requirements.vision)
    }
}

/// What one request needs of a channel, read from its body by the client format's decoder.
public struct RequestRequirements: Sendable, Equatable {
    /// The request offers tools or carries tool calls or results.
    public var tools: Bool
    /// The request carries images.
    public var vision: Bool
    /// The request uses features only the Responses API has (hosted tools, `background`,
    /// `previous_response_id` on an upstream that keeps state).
    public var responsesAPI: Bool

    public init(tools: Bool = false, vision: Bool = false, responsesAPI: Bool = false) {
        self.tools = tools
        self.vision = vision
        self.responsesAPI = responsesAPI
    }

    /// A request that needs nothing special.
    public static let none = RequestRequirements()
}
