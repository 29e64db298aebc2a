import Testing
import SwitchboardCore
@testable import SwitchboardFormats

@Suite("Media formats: WAV durations, Gemini image translation, media JSON requests")
struct MediaFormatsTests {
    static func wav(byteRate: Int, dataBytes: Int, declared: Int? = nil, extraChunk: Bool = false) -> [UInt8] {
        func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        var bytes = Array("RIFF".utf8) + le32(0) + Array("WAVE".utf8)
        if extraChunk { bytes += Array("LIST".utf8) + le32(3) + [1, 2, 3, 0] }
        bytes += Array("fmt ".utf8) + le32(16) + [1, 0, 1, 0] + le32(byteRate / 2) + le32(byteRate) + [2, 0, 16, 0]
        return bytes + Array("data".utf8) + le32(declared ?? dataBytes) + [UInt8](repeating: 0, count: dataBytes)
    }

    @Test func wavDurationIsDataBytesOverByteRate() {
        let file = Self.wav(byteRate: 32_000, dataBytes: 48_000)
        #expect(AudioDuration.wav(header: Array(file.prefix(4096)), fileLength: file.count) == 1.5)
    }

    @Test func oddSizedChunksBeforeTheFormatArePaddedAndSkipped() {
        let file = Self.wav(byteRate: 32_000, dataBytes: 16_000, extraChunk: true)
        #expect(AudioDuration.wav(header: file, fileLength: file.count) == 0.5)
    }

    @Test func streamedWAVsWithoutARealSizeCountTheBytesThatArrived() {
        let streamed = Self.wav(byteRate: 32_000, dataBytes: 8_000, declared: 0x7FFF_FFFF)
        #expect(AudioDuration.wav(header: Array(streamed.prefix(64)), fileLength: streamed.count) == 0.25)
        let zero = Self.wav(byteRate: 32_000, dataBytes: 8_000, declared: 0)
        #expect(AudioDuration.wav(header: zero, fileLength: zero.count) == 0.25)
    }

    @Test func otherContainersAreNotReadAndAreEstimatedAt128Kilobits() {
        #expect(AudioDuration.wav(header: Array("ID3\u{4}somebytes-of-mp3".utf8), fileLength: 1000) == nil)
        #expect(AudioDuration.wav(header: Array("RIFF".utf8), fileLength: 4) == nil)
        #expect(AudioDuration.estimate(fileLength: 32_000) == 2)
    }

    @Test func sizesBecomeGeminiAspectRatiosOrA400NamingSize() throws {
        #expect(try GeminiImageGeneration.aspectRatio(forSize: "1024x1024") == "1:1")
        #expect(try GeminiImageGeneration.aspectRatio(forSize: "1536x1024") == "3:2")
        #expect(try GeminiImageGeneration.aspectRatio(forSize: "1024x1536") == "2:3")
        #expect(try GeminiImageGeneration.aspectRatio(forSize: "auto") == nil)
        #expect(try GeminiImageGeneration.aspectRatio(forSize: nil) == nil)
        for bad in ["1792x1024", "big", "0x10"] {
            #expect(throws: GatewayError.self) { try GeminiImageGeneration.aspectRatio(forSize: bad) }
            do {
                _ = try GeminiImageGeneration.aspectRatio(forSize: bad)
            } catch {
                #expect(error.param == "size")
            }
        }
    }

    @Test func geminiRequestsPutTheImagesBeforeThePromptAndAskForImages() {
        let request = GeminiImageGeneration.request(
            prompt: "make it blue", images: [.init(mimeType: "image/png", base64Data: "AAAA")], aspectRatio: "16:9")
        let parts = request["contents"]?.arrayValue?.first?["parts"]?.arrayValue ?? []
        #expect(parts.count == 2)
        #expect(parts.first?["inlineData"]?["data"]?.stringValue == "AAAA")
        #expect(parts.last?["text"]?.stringValue == "make it blue")
        #expect(request["generationConfig"]?["responseModalities"] == .array([.string("IMAGE")]))
        #expect(request["generationConfig"]?["imageConfig"]?["aspectRatio"]?.stringValue == "16:9")
    }

    @Test func geminiAnswersBecomeB64JSONWithUsageOrTheRightError() throws {
        let answer = #"{"candidates":[{"content":{"parts":[{"text":"here"},{"inlineData":{"mimeType":"image/png","data":"iVBO"}}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":1290,"totalTokenCount":1297}}"#
        let images = try GeminiImageGeneration.images(fromAnswer: Array(answer.utf8))
        #expect(images.data == [.object(["b64_json": .string("iVBO")])])
        #expect(images.usage.images == 1 && images.usage.promptTokens == 7 && images.usage.completionTokens == 1290)

        let blocked = #"{"promptFeedback":{"blockReason":"SAFETY"}}"#
        do {
            _ = try GeminiImageGeneration.images(fromAnswer: Array(blocked.utf8))
            Issue.record("a blocked answer must throw")
        } catch {
            #expect(error.status == 400 && error.code == "content_policy_violation")
        }
        do {
            _ = try GeminiImageGeneration.images(fromAnswer: Array(#"{"candidates":[{"content":{"parts":[{"text":"no"}]},"finishReason":"STOP"}]}"#.utf8))
            Issue.record("an answer without an image must throw")
        } catch {
            #expect(error.status == 502)
        }
    }

    @Test func mediaJSONRequestsRewriteOnlyTheModelAndNameBadFields() throws {
        let body = #"{"model":"alias","input":"hi","speed":1.50,"extra":{"k":[1,2]}}"#
        let request = try OpenAIMediaJSONRequest(body: Array(body.utf8))
        #expect(String(decoding: request.body(upstreamModel: "tts-1"), as: UTF8.self) == body.replacingOccurrences(of: "\"alias\"", with: "\"tts-1\""))
        #expect(try request.number("speed", in: 0.25...4) == 1.5)
        #expect(throws: GatewayError.self) { try request.integer("speed", in: 1...2) }
        do {
            _ = try request.string("voice", required: true)
            Issue.record("a missing required field must throw")
        } catch {
            #expect(error.param == "voice")
        }
        do {
            _ = try OpenAIMediaJSONRequest(body: Array(#"{"input":"x"}"#.utf8))
            Issue.record("a missing model must throw")
        } catch {
            #expect(error.param == "model")
        }
        #expect(OpenAIMediaUsage.transcriptionSeconds(try JSON.parse(#"{"text":"x","usage":{"type":"duration","seconds":3}}"#)) == 3)
        #expect(OpenAIMediaUsage.transcriptionSeconds(try JSON.parse(#"{"text":"x","duration":2.25}"#)) == 2.25)
        #expect(OpenAIMediaUsage.transcriptionSeconds(try JSON.parse(#"{"text":"x"}"#)) == nil)
    }
}
