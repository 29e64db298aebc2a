public import SwitchboardCore

/// How the vectors of an embeddings answer are written: JSON numbers, or OpenAI's base64 of
/// little-endian float32 values.
public enum EmbeddingsEncodingFormat: String, Sendable, Equatable {
    case float
    case base64
}

/// A `POST /v1/embeddings` body as a client sent it, validated after OpenAI's
/// `CreateEmbeddingRequest`; the bytes are kept so an OpenAI-compatible upstream receives them
/// with only `model` rewritten.
public struct EmbeddingsRequest: Sendable {
    public let body: JSONRequestBody
    public let model: String
    public let input: EmbeddingsInput
    /// Dimensions of each vector, when the client asked for fewer than the model's own.
    public let dimensions: Int?
    public let encodingFormat: EmbeddingsEncodingFormat
    public let user: String?

    /// The largest `dimensions` accepted (the largest embedding models have 4096).
    public static let maximumDimensions = 16384

    public init(body bytes: [UInt8]) throws(GatewayError) {
        let body = try JSONRequestBody(bytes)
        model = try body.model()
        input = try EmbeddingsInput.parse(body.require("input", .string, .array, description: "a string or an array"))
        dimensions = try body.integer("dimensions", minimum: 1, maximum: Self.maximumDimensions)
        let format = try body.string("encoding_format")
        guard let encoding = EmbeddingsEncodingFormat(rawValue: format ?? "float") else {
            throw GatewayError.invalidRequest(
                "Invalid value for 'encoding_format': '\(format ?? "")'. Supported values are: 'float' and 'base64'.",
                param: "encoding_format")
        }
        encodingFormat = encoding
        user = try body.string("user")
        self.body = body
    }
}
