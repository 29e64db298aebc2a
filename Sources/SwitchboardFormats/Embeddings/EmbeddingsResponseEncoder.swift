public import SwitchboardCore
import Foundation

/// Writes an embeddings answer in OpenAI's list shape for vectors the gateway computed or
/// translated (the mock, Gemini): `{"object":"list","data":[{"object":"embedding","index":0,
/// "embedding":[...]}],"model":...,"usage":{"prompt_tokens","total_tokens"}}`.
public enum EmbeddingsResponseEncoder {
    public static func encode(
        _ vectors: [[Float]], format: EmbeddingsEncodingFormat, model: String, promptTokens: Int
    ) -> JSONValue {
        let data = vectors.enumerated().map { index, vector in
            JSONValue.object([
                "object": "embedding",
                "index": .int(index),
                "embedding": format == .base64 ? .string(base64(vector)) : .array(vector.map(number)),
            ])
        }
        return .object([
            "object": "list",
            "data": .array(data),
            "model": .string(model),
            "usage": .object(["prompt_tokens": .int(promptTokens), "total_tokens": .int(promptTokens)]),
        ])
    }

    /// The vector as OpenAI sends it with `encoding_format: base64`: its float32 values in
    /// little-endian byte order, base64-encoded.
    public static func base64(_ vector: [Float]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }

    /// A float32 as its shortest JSON literal (what a float32 prints as, not its float64 widening).
    static func number(_ value: Float) -> JSONValue {
        value.isFinite ? .number(String(value)) : .number("0")
    }
}
