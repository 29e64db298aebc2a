public import SwitchboardCore

/// OpenAI's image generation and editing asked of a Gemini image model (`gemini-*-image*`) through
/// `generateContent`: the prompt (after the images to edit, as `inlineData` parts) with
/// `responseModalities: ["IMAGE"]`, and the answer's inline images returned as `b64_json`.
///
/// Gemini returns image bytes only, so `response_format: url` is refused with a 400 naming it
/// rather than answered with something that is not a URL.
public enum GeminiImageGeneration {
    /// An image sent along to be edited.
    public struct InputImage: Sendable {
        public let mimeType: String
        public let base64Data: String

        public init(mimeType: String, base64Data: String) {
            self.mimeType = mimeType
            self.base64Data = base64Data
        }
    }

    /// The aspect ratios Gemini image models accept in `imageConfig.aspectRatio`.
    public static let aspectRatios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"]

    /// The `generateContent` body for one image.
    public static func request(prompt: String, images: [InputImage], aspectRatio: String?) -> JSONValue {
        var parts: [JSONValue] = images.map { image in
            .object(["inlineData": .object(["mimeType": .string(image.mimeType), "data": .string(image.base64Data)])])
        }
        parts.append(.object(["text": .string(prompt)]))
        var generationConfig: JSONObject = ["responseModalities": .array(["IMAGE"])]
        if let aspectRatio {
            generationConfig["imageConfig"] = .object(["aspectRatio": .string(aspectRatio)])
        }
        return .object([
            "contents": .array([.object(["role": "user", "parts": .array(parts)])]),
            "generationConfig": .object(generationConfig),
        ])
    }

    /// The aspect ratio of an OpenAI `size` (`1536x1024` is `3:2`); nil for `auto` or no size; a
    /// 400 naming `size` for a size that is not `WIDTHxHEIGHT` or whose ratio Gemini lacks.
    public static func aspectRatio(forSize size: String?) throws(GatewayError) -> String? {
        guard let size, size != "auto" else { return nil }
        let sides = size.split(separator: "x").compactMap { Int($0) }
        guard sides.count == 2, sides[0] > 0, sides[1] > 0 else {
            throw GatewayError.invalidRequest("'size' must be WIDTHxHEIGHT (1024x1024) or auto, not '\(size)'.", param: "size")
        }
        let divisor = greatestCommonDivisor(sides[0], sides[1])
        let ratio = "\(sides[0] / divisor):\(sides[1] / divisor)"
        guard aspectRatios.contains(ratio) else {
            throw GatewayError.invalidRequest(
                "'size' \(size) has the aspect ratio \(ratio), which Gemini image models do not offer (\(aspectRatios.joined(separator: ", "))).",
                param: "size")
        }
        return ratio
    }

    /// The images of one `generateContent` answer as OpenAI `data` entries, and its usage. An
    /// answer without an image is a 400 `content_policy_violation` when Gemini blocked it, else a 502.
    public static func images(fromAnswer body: [UInt8]) throws(GatewayError) -> (data: [JSONValue], usage: Usage) {
        guard let answer = try? JSON.parse(body), answer.objectValue != nil else {
            throw GatewayError(.upstreamUnavailable, "The upstream answered with a body that is not a JSON object.")
        }
        let candidates = answer["candidates"]?.arrayValue ?? []
        var data: [JSONValue] = []
        for candidate in candidates {
            for part in candidate["content"]?["parts"]?.arrayValue ?? [] {
                guard let inline = part["inlineData"] ?? part["inline_data"],
                      let bytes = inline["data"]?.stringValue,
                      (inline["mimeType"] ?? inline["mime_type"])?.stringValue?.hasPrefix("image/") ?? true else { continue }
                data.append(.object(["b64_json": .string(bytes)]))
            }
        }
        if data.isEmpty {
            let blocked = answer["promptFeedback"]?["blockReason"]?.stringValue
                ?? candidates.compactMap { $0["finishReason"]?.stringValue }.first { $0 != "STOP" }
            if let blocked {
                throw GatewayError(
                    .invalidRequest, "The upstream did not generate an image (\(blocked)).", code: "content_policy_violation")
            }
            throw GatewayError(.upstreamUnavailable, "The upstream answered without an image.")
        }
        var usage = GeminiUsage.decode(answer["usageMetadata"]) ?? Usage()
        usage.images = data.count
        return (data, usage)
    }

    /// OpenAI's images answer for images gathered from one or more Gemini answers.
    public static func openAIAnswer(created: Int, data: [JSONValue], usage: Usage) -> JSONValue {
        var answer: JSONObject = ["created": .int(created), "data": .array(data), "output_format": "png"]
        if usage.totalTokens > 0 {
            answer["usage"] = .object([
                "total_tokens": .int(usage.totalTokens),
                "input_tokens": .int(usage.promptTokens),
                "output_tokens": .int(usage.completionTokens),
                "input_tokens_details": .object(["text_tokens": .int(usage.promptTokens), "image_tokens": .int(0)]),
            ])
        }
        return .object(answer)
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        b == 0 ? a : greatestCommonDivisor(b, a % b)
    }
}
