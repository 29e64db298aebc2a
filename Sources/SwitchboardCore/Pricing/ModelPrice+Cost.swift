extension ModelPrice {
    /// The USD cost of the tokens in `usage`.
    ///
    /// `promptTokens` includes the cached and cache-write tokens and `completionTokens` the
    /// reasoning ones, so each part is taken out of its total and priced on its own: uncached input
    /// at `input`, cache reads at `cachedInput`, five-minute writes at `cacheWrite`, one-hour writes
    /// at `cacheWrite1h` (else `cacheWrite`), reasoning at `reasoning`, the rest at `output`; each
    /// missing price falls back to `input` or `output`. Inconsistent counts never price below zero.
    /// Media units add their own prices: images at `perImage`, audio seconds at `perAudioSecond`,
    /// characters at `perMillionCharacters` (a missing media price adds nothing).
    public func cost(of usage: Usage) -> Double {
        let cached = max(0, usage.cachedTokens)
        let cacheWrites = max(0, usage.cacheWriteTokens)
        let oneHourWrites = min(max(0, usage.cacheWrite1hTokens), cacheWrites)
        let uncached = max(0, usage.promptTokens - cached - cacheWrites)
        let reasoningTokens = max(0, usage.reasoningTokens)
        let answer = max(0, usage.completionTokens - reasoningTokens)

        let fiveMinuteWritePrice = cacheWrite ?? input
        var total = Double(uncached) * input
        total += Double(cached) * (cachedInput ?? input)
        total += Double(cacheWrites - oneHourWrites) * fiveMinuteWritePrice
        total += Double(oneHourWrites) * (cacheWrite1h ?? fiveMinuteWritePrice)
        total += Double(answer) * output
        total += Double(reasoningTokens) * (reasoning ?? output)
        total += Double(max(0, usage.characters)) * (perMillionCharacters ?? 0)
        var media = Double(max(0, usage.images)) * (perImage ?? 0)
        media += max(0, usage.audioSeconds) * (perAudioSecond ?? 0)
        return total / 1_000_000 + media
    }
}
