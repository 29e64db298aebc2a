extension GenerationRequest {
    /// The largest output-token limit a client may ask for (`max_tokens`, `max_output_tokens`,
    /// `maxOutputTokens`): 2^31 - 1, as providers keep the count in a 32-bit integer. Above it the
    /// decoders answer 400; admission adds the limit to the prompt estimate and prices it, which
    /// overflowed (and crashed the gateway) for a limit near `Int.max`.
    public static let maximumOutputTokens = Int(Int32.max)
}
