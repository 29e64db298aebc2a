public import SwitchboardCore
public import SwitchboardFormats

/// The mock's embeddings: deterministic unit vectors, so offline tests can compare them.
///
/// Each text is hashed word by word into a few signed coordinates (feature hashing), plus a
/// smaller dense part seeded by the whole text: the same text always gives the same vector,
/// different texts give different vectors, and texts sharing words point in similar directions.
/// Token-id input is treated as text whose words are the ids. 1536 dimensions unless the
/// request's `dimensions` asks for another count; every vector has length 1.
public enum MockEmbeddings {
    public static let defaultDimensions = 1536
    /// Inputs × dimensions the mock computes for one request at most (a 400 above).
    public static let maximumValues = 4 * 1024 * 1024

    /// The answer to `request` as the mock gives it, and its usage (estimated prompt tokens).
    public static func answer(_ request: EmbeddingsRequest) throws(GatewayError) -> (body: JSONValue, usage: Usage) {
        let dimensions = request.dimensions ?? defaultDimensions
        guard request.input.count * dimensions <= maximumValues else {
            throw GatewayError.invalidRequest(
                "The mock computes at most \(maximumValues) values a request; ask for fewer 'dimensions' or fewer inputs.",
                param: "dimensions")
        }
        let tokens = request.input.estimatedTokens
        let body = EmbeddingsResponseEncoder.encode(
            texts(of: request.input).map { vector(for: $0, dimensions: dimensions) }, format: request.encodingFormat,
            model: request.model, promptTokens: tokens)
        return (body, Usage(promptTokens: tokens))
    }

    /// The texts the mock embeds for `input`: its texts, or for each token-id array the text whose
    /// words are the ids.
    public static func texts(of input: EmbeddingsInput) -> [String] {
        switch input {
        case .texts(let texts): texts
        case .tokens(let arrays): arrays.map { $0.map(String.init).joined(separator: " ") }
        }
    }

    /// The unit vector of `text` with `dimensions` coordinates.
    public static func vector(for text: String, dimensions: Int) -> [Float] {
        var values = [Double](repeating: 0, count: dimensions)
        for word in MockText.words(of: text) {
            var generator = SplitMix64(seed: MockText.hash(word))
            for _ in 0..<4 {
                let draw = generator.next()
                values[Int(draw % UInt64(dimensions))] += draw & (1 << 63) == 0 ? 1 : -1
            }
        }
        var generator = SplitMix64(seed: MockText.hash(text))
        for index in values.indices {
            values[index] += (generator.nextUnit() * 2 - 1) * 0.25
        }
        let length = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { Float($0 / length) }
    }
}

/// How the mock's embeddings, moderations and rerank read text: lowercased words of letters and
/// digits, and a stable 64-bit hash (FNV-1a) that does not change between runs.
enum MockText {
    static func words(of text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// A small deterministic generator (SplitMix64), so the mock's numbers repeat exactly.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var value = state
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return value ^ (value >> 31)
    }

    /// A value in [0, 1).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
