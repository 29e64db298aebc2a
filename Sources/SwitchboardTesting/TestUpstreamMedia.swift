import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// The test upstream's answers on OpenAI's image and audio endpoints, in their real shapes: PNG
/// images (`b64_json`, or blob-store `url`s for DALL·E), transcriptions in every `response_format`
/// (the duration read from a WAV upload, 8.47 s for anything else), and speech streamed in
/// chunks with the Content-Type OpenAI sends for each format.
enum TestUpstreamMedia {
    /// What OpenAI answers 400 to, with its message.
    struct Rejection: Error {
        let message: String
    }

    /// A checked request's model and the answer to send when no fault applies.
    struct Answer {
        let model: String
        let response: @Sendable () -> Response
    }

    /// Seconds reported for audio that is not a WAV file.
    static let assumedSeconds = 8.47
    static let speechContentTypes = [
        "mp3": "audio/mpeg", "opus": "audio/opus", "aac": "audio/aac", "flac": "audio/flac", "wav": "audio/wav", "pcm": "audio/pcm",
    ]

    static func imageGeneration(_ received: TestUpstream.RecordedRequest) throws -> Answer {
        guard let json = received.json, json.objectValue != nil else { throw Rejection(message: "We could not parse the JSON body of your request.") }
        let model = json["model"]?.stringValue ?? "dall-e-2"
        guard let prompt = json["prompt"]?.stringValue, !prompt.isEmpty else {
            throw Rejection(message: "Missing required parameter: 'prompt'.")
        }
        let n = json["n"]?.intValue ?? 1
        let format = json["response_format"]?.stringValue
        if json["stream"]?.boolValue == true {
            let partials = json["partial_images"]?.intValue ?? 0
            return Answer(model: model) { imageEvents(kind: "image_generation", prompt: prompt, partials: partials) }
        }
        return Answer(model: model) { images(model: model, prompt: prompt, n: n, format: format) }
    }

    static func imageEdit(_ received: TestUpstream.RecordedRequest) throws -> Answer {
        guard let form = TestUpstreamMediaForm(body: received.body, contentType: received.headers["content-type"]) else {
            throw Rejection(message: "Invalid Content-Type header (\(received.headers["content-type"] ?? "none")), expected multipart/form-data.")
        }
        let model = form.value("model") ?? "dall-e-2"
        guard !form.files("image", "image[]").isEmpty else { throw Rejection(message: "Missing required parameter: 'image'.") }
        guard let prompt = form.value("prompt"), !prompt.isEmpty else { throw Rejection(message: "Missing required parameter: 'prompt'.") }
        let n = form.value("n").flatMap { Int($0) } ?? 1
        let format = form.value("response_format")
        if form.value("stream") == "true" {
            let partials = form.value("partial_images").flatMap { Int($0) } ?? 0
            return Answer(model: model) { imageEvents(kind: "image_edit", prompt: prompt, partials: partials) }
        }
        return Answer(model: model) { images(model: model, prompt: prompt, n: n, format: format) }
    }

    static func images(model: String, prompt: String, n: Int, format: String?) -> Response {
        let gptImage = model.hasPrefix("gpt-image")
        let data: [JSONValue] = (0..<n).map { index in
            if format == "url" || (format == nil && !gptImage) {
                return .object([
                    "url": .string("https://oaidalleapiprodscus.blob.core.windows.net/private/test-upstream/img-\(index).png"),
                    "revised_prompt": .string(prompt),
                ])
            }
            return .object(["b64_json": .string(Data(MockMediaPNG.image(seed: "upstream:\(prompt)#\(index)")).base64EncodedString())])
        }
        var answer: JSONObject = ["created": .int(Int(Date().timeIntervalSince1970)), "data": .array(data)]
        if gptImage {
            answer["background"] = "opaque"
            answer["output_format"] = "png"
            answer["quality"] = "medium"
            answer["size"] = "1024x1024"
            answer["usage"] = .object([
                "total_tokens": .int(50 + 1056 * n), "input_tokens": 50, "output_tokens": .int(1056 * n),
                "input_tokens_details": .object(["text_tokens": 50, "image_tokens": 0]),
            ])
        }
        return json(.object(answer))
    }

    /// A streamed GPT image answer: `partials` `KIND.partial_image` events, then `KIND.completed`
    /// with the image and its usage, one event every few milliseconds.
    static func imageEvents(kind: String, prompt: String, partials: Int) -> Response {
        let png = Data(MockMediaPNG.image(seed: "upstream:\(prompt)#0")).base64EncodedString()
        let common: JSONObject = [
            "b64_json": .string(png), "created_at": .int(Int(Date().timeIntervalSince1970)), "size": "1024x1024",
            "quality": "medium", "background": "opaque", "output_format": "png",
        ]
        var events: [(String, JSONObject)] = (0..<partials).map { index in
            var event = common
            event["type"] = .string("\(kind).partial_image")
            event["partial_image_index"] = .int(index)
            return ("\(kind).partial_image", event)
        }
        var completed = common
        completed["type"] = .string("\(kind).completed")
        completed["usage"] = .object([
            "total_tokens": 1106, "input_tokens": 50, "output_tokens": 1056,
            "input_tokens_details": .object(["text_tokens": 50, "image_tokens": 0]),
        ])
        events.append(("\(kind).completed", completed))
        let frames = events.map { name, payload in "event: \(name)\ndata: \(JSON.string(.object(payload)))\n\n" }
        return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
            for frame in frames {
                try await writer.write(ByteBuffer(string: frame))
                try await Task.sleep(for: .milliseconds(5))
            }
            try await writer.finish(nil)
        })
    }

    static func transcription(_ received: TestUpstream.RecordedRequest, task: String) throws -> Answer {
        guard let form = TestUpstreamMediaForm(body: received.body, contentType: received.headers["content-type"]) else {
            throw Rejection(message: "Invalid Content-Type header (\(received.headers["content-type"] ?? "none")), expected multipart/form-data.")
        }
        guard let model = form.value("model") else { throw Rejection(message: "Missing required parameter: 'model'.") }
        guard let file = form.files("file").first else { throw Rejection(message: "Missing required parameter: 'file'.") }
        let format = form.value("response_format") ?? "json"
        guard ["json", "text", "srt", "vtt", "verbose_json"].contains(format) else {
            throw Rejection(message: "Invalid value for 'response_format': '\(format)'.")
        }
        let seconds = AudioDuration.wav(header: Array(file.bytes.prefix(4096)), fileLength: file.bytes.count) ?? assumedSeconds
        let answer = MockMediaTranscription(
            seconds: seconds, task: task, language: form.value("language"), wantsWords: false).answer(format: format)
        return Answer(model: model) {
            Response(status: .ok, headers: [.contentType: answer.contentType], body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }

    static func speech(_ received: TestUpstream.RecordedRequest) throws -> Answer {
        guard let json = received.json, json.objectValue != nil else { throw Rejection(message: "We could not parse the JSON body of your request.") }
        guard let model = json["model"]?.stringValue else { throw Rejection(message: "Missing required parameter: 'model'.") }
        guard let input = json["input"]?.stringValue else { throw Rejection(message: "Missing required parameter: 'input'.") }
        guard json["voice"]?.stringValue != nil else { throw Rejection(message: "Missing required parameter: 'voice'.") }
        let format = json["response_format"]?.stringValue ?? "mp3"
        guard let contentType = speechContentTypes[format] else { throw Rejection(message: "Invalid value for 'response_format': '\(format)'.") }
        let speech = MockMediaSpeech(input: input)
        let audio = format == "wav" ? speech.wav() : format == "pcm" ? speech.pcm() : Array("ID3\u{4}".utf8) + speech.pcm()
        return Answer(model: model) {
            Response(status: .ok, headers: [.contentType: contentType, .transferEncoding: "chunked"], body: ResponseBody { writer in
                for chunk in MockMediaSpeech.chunks(audio) {
                    try await writer.write(ByteBuffer(bytes: chunk))
                    try await Task.sleep(for: .milliseconds(5))
                }
                try await writer.finish(nil)
            })
        }
    }

    /// Gemini's answer for an image model: the picture as `inlineData` after a short text part;
    /// a prompt containing `BLOCKED` is refused with `promptFeedback.blockReason` as Gemini does.
    static func geminiImage(model: String, json: JSONValue) -> Response {
        let parts = json["contents"]?.arrayValue?.last?["parts"]?.arrayValue ?? []
        let prompt = parts.compactMap { $0["text"]?.stringValue }.joined(separator: " ")
        if let ratio = json["generationConfig"]?["imageConfig"]?["aspectRatio"]?.stringValue,
           !GeminiImageGeneration.aspectRatios.contains(ratio) {
            return TestUpstreamScenario(model: model, wire: .gemini, stream: false).error(
                status: 400, message: "Invalid aspect ratio: \(ratio).", type: "INVALID_ARGUMENT")
        }
        let promptTokens = max(1, prompt.utf8.count / 4) + 258 * parts.count { $0["inlineData"] != nil }
        let usage: JSONValue = .object([
            "promptTokenCount": .int(promptTokens), "candidatesTokenCount": 1290, "totalTokenCount": .int(promptTokens + 1290),
        ])
        if prompt.contains("BLOCKED") {
            return self.json(.object(["promptFeedback": .object(["blockReason": "PROHIBITED_CONTENT"]), "usageMetadata": usage]))
        }
        let png = Data(MockMediaPNG.image(seed: "gemini:\(prompt)")).base64EncodedString()
        return self.json(.object([
            "candidates": .array([.object([
                "content": .object(["role": "model", "parts": .array([
                    .object(["text": "Here is the image you asked for."]),
                    .object(["inlineData": .object(["mimeType": "image/png", "data": .string(png)])]),
                ])]),
                "finishReason": "STOP", "index": 0,
            ])]),
            "usageMetadata": usage, "modelVersion": .string(model), "responseId": "test-upstream-image",
        ]))
    }

    private static func json(_ value: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: JSON.serialize(value))))
    }
}
