/// What one model costs, as its provider lists it, so each usage record can carry its price in USD.
///
/// Token prices are USD per million tokens. The optional prices are nil when the provider does not
/// charge that kind apart: cached input and cache writes then cost `input`, reasoning costs `output`.
/// The media prices are for endpoints billed by the image, the audio second or the character.
public struct ModelPrice: Sendable, Equatable, Hashable {
    /// Uncached prompt tokens.
    public var input: Double
    /// Prompt tokens read from the provider's cache.
    public var cachedInput: Double?
    /// Prompt tokens written to the five-minute cache (Anthropic).
    public var cacheWrite: Double?
    /// Prompt tokens written to the one-hour cache (Anthropic).
    public var cacheWrite1h: Double?
    /// Completion tokens.
    public var output: Double
    /// Reasoning tokens, when the provider prices them apart from the rest of the completion.
    public var reasoning: Double?
    /// USD per generated image.
    public var perImage: Double?
    /// USD per second of audio (transcription).
    public var perAudioSecond: Double?
    /// USD per million characters of input text (speech synthesis).
    public var perMillionCharacters: Double?

    public init(
        input: Double, cachedInput: Double? = nil, cacheWrite: Double? = nil, cacheWrite1h: Double? = nil,
        output: Double, reasoning: Double? = nil, perImage: Double? = nil, perAudioSecond: Double? = nil,
        perMillionCharacters: Double? = nil
    ) {
        self.input = input
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
        self.cacheWrite1h = cacheWrite1h
        self.output = output
        self.reasoning = reasoning
        self.perImage = perImage
        self.perAudioSecond = perAudioSecond
        self.perMillionCharacters = perMillionCharacters
    }
}
