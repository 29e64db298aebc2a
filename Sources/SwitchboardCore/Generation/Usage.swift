/// Token counts of one generation, in the superset of what the providers report.
///
/// `promptTokens` includes cached and cache-write tokens (OpenAI's convention); translators for
/// providers that count them apart (Anthropic) add them in.
public struct Usage: Sendable, Equatable, Hashable {
    public var promptTokens: Int
    public var completionTokens: Int
    /// Prompt tokens read from the provider's prompt cache.
    public var cachedTokens: Int
    /// Prompt tokens written to the provider's prompt cache.
    public var cacheWriteTokens: Int
    /// The part of `cacheWriteTokens` written to a one-hour cache (Anthropic bills it apart from
    /// the five-minute default).
    public var cacheWrite1hTokens: Int
    /// Completion tokens spent on reasoning.
    public var reasoningTokens: Int
    /// Images generated or edited (image endpoints bill per image).
    public var images: Int
    /// Seconds of audio transcribed or translated (billed per second).
    public var audioSeconds: Double
    /// Characters of text turned into speech (billed per million characters).
    public var characters: Int

    public init(
        promptTokens: Int = 0, completionTokens: Int = 0, cachedTokens: Int = 0,
        cacheWriteTokens: Int = 0, cacheWrite1hTokens: Int = 0, reasoningTokens: Int = 0,
        images: Int = 0, audioSeconds: Double = 0, characters: Int = 0
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cachedTokens = cachedTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.cacheWrite1hTokens = cacheWrite1hTokens
        self.reasoningTokens = reasoningTokens
        self.images = images
        self.audioSeconds = audioSeconds
        self.characters = characters
    }

    public var totalTokens: Int { promptTokens + completionTokens }
}

/// Why a generation stopped, normalised across providers.
public enum FinishReason: Sendable, Equatable, Hashable {
    case stop
    case length
    case toolCalls
    case contentFilter
    /// A provider reason with no common equivalent, kept verbatim.
    case other(String)
}
