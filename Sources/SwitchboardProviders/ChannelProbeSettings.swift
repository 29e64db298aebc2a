/// Background health probes of one channel (`probe:` in a channel's config): how often each of its
/// models is sent a tiny request, so a failing channel is noticed (and a recovered one trusted again)
/// without spending client requests on it.
///
/// Probes cost money on paid upstreams and count as requests on every upstream, so they are off
/// unless a channel's config turns them on (`probe: 30` or `probe: {interval: 30, models: [...]}`).
/// The first probe goes one interval after start, then one per interval while the gateway runs.
public struct ChannelProbeSettings: Sendable, Equatable {
    /// Seconds between two probes of the same model.
    public var interval: Double
    /// The client-facing models to probe; empty probes every model the channel serves.
    public var models: [String]

    public static let defaultInterval: Double = 30

    public init(interval: Double = ChannelProbeSettings.defaultInterval, models: [String] = []) {
        self.interval = interval
        self.models = models
    }
}

/// What kind of request probes a model: a one-token chat for generation models, a one-word
/// embedding for embedding models.
public enum ProbeKind: String, Sendable, Equatable {
    case chat
    case embeddings

    /// The kind for a model name: embedding models are named so by every provider
    /// (`text-embedding-3-small`, `gemini-embedding-001`, `nomic-embed-text`, `bge-m3`...).
    public static func of(model: String) -> ProbeKind {
        let name = model.lowercased()
        if name.contains("embed") || name.hasPrefix("bge-") || name.hasPrefix("e5-") { return .embeddings }
        return .chat
    }
}
