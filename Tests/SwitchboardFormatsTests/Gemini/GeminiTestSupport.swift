import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

/// Reading the Gemini captures in the tests.
enum GeminiCapture {
    /// The SSE events of a stream capture, split by the shared parser (CRLF framing).
    static func events(_ path: String) throws -> [ServerSentEvent] {
        var parser = SSEParser()
        var events = try parser.feed(try Fixtures.streamBody(path))
        if let last = parser.finish() { events.append(last) }
        return events
    }

    /// The chunks of a stream capture as JSON.
    static func chunks(_ path: String) throws -> [JSONValue] {
        try events(path).map { try JSON.parse($0.data) }
    }

    /// The canonical events a stream capture decodes to, `finish()` included.
    static func decodedStream(_ path: String) throws -> [StreamEvent] {
        var decoder = GeminiStreamDecoder()
        var decoded: [StreamEvent] = []
        for event in try events(path) { decoded += try decoder.decode(event) }
        decoded += try decoder.finish()
        return decoded
    }

    /// The canonical events re-encoded for a Gemini client, as parsed chunks.
    static func reencoded(_ events: [StreamEvent], model: String) throws -> [JSONValue] {
        var encoder = GeminiStreamEncoder(model: model)
        var output: [ServerSentEvent] = []
        for event in events { output += encoder.encode(event) }
        output += encoder.finish()
        return try output.map { try JSON.parse($0.data) }
    }

    static func object(_ text: String) throws -> JSONValue {
        try JSON.parse(text)
    }
}

/// What a sequence of Gemini chunks says, independent of how it was cut into chunks: the text,
/// the thoughts, signatures on text parts, the function calls, the last finish reason and usage.
struct GeminiStreamSummary: Equatable {
    struct Call: Equatable {
        var name: String
        var args: JSONValue
        var signature: String?
    }

    var text = ""
    var thoughts = ""
    var textSignatures: [String] = []
    var calls: [Call] = []
    var finishReason: String?
    var usage: JSONObject?

    init(_ chunks: [JSONValue]) {
        for chunk in chunks {
            let candidate = chunk["candidates"]?.arrayValue?.first
            for part in candidate?["content"]?["parts"]?.arrayValue ?? [] {
                if let call = part["functionCall"] {
                    calls.append(Call(
                        name: call["name"]?.stringValue ?? "", args: call["args"] ?? .object([:]),
                        signature: part["thoughtSignature"]?.stringValue))
                } else if let value = part["text"]?.stringValue {
                    if part["thought"]?.boolValue == true { thoughts += value } else { text += value }
                    if part["thought"]?.boolValue != true, let signature = part["thoughtSignature"]?.stringValue {
                        textSignatures.append(signature)
                    }
                }
            }
            if let reason = candidate?["finishReason"]?.stringValue { finishReason = reason }
            if let metadata = chunk["usageMetadata"]?.objectValue {
                var counts = JSONObject()
                for key in ["promptTokenCount", "candidatesTokenCount", "thoughtsTokenCount", "totalTokenCount", "cachedContentTokenCount"] {
                    if let value = metadata[key] { counts[key] = value }
                }
                usage = counts
            }
        }
    }
}
