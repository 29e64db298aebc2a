import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// Serves an image request on a Gemini image model: one `generateContent` call per image asked
/// for (Gemini image models make one image a call), answered in OpenAI's shape as `b64_json`.
struct GeminiImages {
    let upstream: WireUpstream
    let model: String

    func answer(
        _ options: ImageRequestOptions, images: [GeminiImageGeneration.InputImage]
    ) async throws(GatewayError) -> (response: Response, usage: Usage) {
        if options.responseFormat == "url" {
            throw GatewayError.invalidRequest(
                "Gemini image models return image bytes, not URLs: use response_format 'b64_json' (or leave it out).",
                param: "response_format")
        }
        let aspectRatio = try GeminiImageGeneration.aspectRatio(forSize: options.size)
        let body = JSON.serialize(GeminiImageGeneration.request(prompt: options.prompt, images: images, aspectRatio: aspectRatio))
        var data: [JSONValue] = []
        var usage = Usage()
        for _ in 0..<options.n {
            let response = try await upstream.postMedia(
                path: "/models/\(model):generateContent", body: body, contentType: "application/json", accept: "application/json")
            try await response.requireSuccess(decodeError: { status, body in GeminiErrorEnvelope.decode(body, status: status) })
            let generated = try GeminiImageGeneration.images(fromAnswer: try await response.collect(limit: MediaAttempt.maximumAnswerBytes))
            data += generated.data
            usage.promptTokens += generated.usage.promptTokens
            usage.completionTokens += generated.usage.completionTokens
            usage.images += generated.usage.images
        }
        let answer = GeminiImageGeneration.openAIAnswer(created: Int(Date().timeIntervalSince1970), data: data, usage: usage)
        return (.json(answer), usage)
    }
}

/// The MIME type of an uploaded image, from its first bytes (PNG, JPEG, WebP, GIF), else what
/// its part said, else PNG.
enum ImageMIMEType {
    static func of(_ bytes: ArraySlice<UInt8>, declared: String?) -> String {
        let head = Array(bytes.prefix(12))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.count >= 12, head[0..<4].elementsEqual("RIFF".utf8), head[8..<12].elementsEqual("WEBP".utf8) { return "image/webp" }
        if head.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if let declared, declared.hasPrefix("image/") { return declared }
        return "image/png"
    }
}
