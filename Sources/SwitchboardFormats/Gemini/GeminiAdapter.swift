import Foundation
public import SwitchboardCore

/// The Gemini generateContent API as an upstream: how the gateway asks a `gemini` channel for a
/// generation in any client's format, and how it reads the answer.
///
/// The channel's base URL ends with the API version (`https://generativelanguage.googleapis.com/v1beta`).
public struct GeminiAdapter: UpstreamFormatAdapter {
    public init() {}

    public func path(model: String, stream: Bool) -> String {
        stream ? "/models/\(model):streamGenerateContent?alt=sse" : "/models/\(model):generateContent"
    }

    public func decodeResponse(_ body: [UInt8]) throws(GatewayError) -> GenerationResponse {
        guard let parsed = try? JSON.parse(body), parsed.objectValue != nil else {
            throw GatewayError(.upstreamUnavailable, "The upstream answered with a body that is not a JSON object.")
        }
        if let error = parsed["error"], !error.isNull {
            throw GeminiErrorEnvelope.decode(error: error, status: error["code"]?.intValue ?? 502)
        }
        let reading = GeminiCandidateReading(parsed)
        return GenerationResponse(
            id: parsed["responseId"]?.stringValue ?? RandomIdentifier.make("gemini-"),
            model: parsed["modelVersion"]?.stringValue ?? "",
            created: Self.now(),
            content: reading.blocks,
            finishReason: reading.finishReason ?? (reading.sawFunctionCall ? .toolCalls : .stop),
            usage: GeminiUsage.decode(parsed["usageMetadata"]) ?? Usage())
    }

    public func makeStreamDecoder() -> any UpstreamStreamDecoding {
        GeminiStreamDecoder()
    }

    public func decodeError(status: Int, body: [UInt8]) -> GatewayError {
        GeminiErrorEnvelope.decode(body, status: status)
    }

    /// Unix seconds (Gemini's answers carry no creation time).
    static func now() -> Int {
        Int(Date().timeIntervalSince1970)
    }
}

/// The first candidate of one `GenerateContentResponse` (a whole answer or one stream chunk) read
/// into canonical blocks and a finish reason.
///
/// With no candidate at all, a `promptFeedback.blockReason` means the prompt was blocked: the
/// finish reason is `.contentFilter`.
struct GeminiCandidateReading {
    var blocks: [ContentBlock] = []
    var finishReason: FinishReason?
    var sawFunctionCall = false

    init(_ response: JSONValue, callNumber: inout Int) {
        let candidate = response["candidates"]?.arrayValue?.first
        for part in candidate?["content"]?["parts"]?.arrayValue ?? [] {
            guard let object = part.objectValue else { continue }
            blocks += GeminiPartReader.blocks(of: object, callNumber: &callNumber)
        }
        sawFunctionCall = blocks.contains { if case .toolCall = $0 { true } else { false } }
        if let reason = candidate?["finishReason"]?.stringValue {
            finishReason = GeminiFinishReason.decode(reason, sawFunctionCall: sawFunctionCall)
        } else if candidate == nil, response["promptFeedback"]?["blockReason"]?.stringValue != nil {
            finishReason = .contentFilter
        }
    }

    init(_ response: JSONValue) {
        var callNumber = 0
        self.init(response, callNumber: &callNumber)
    }
}
