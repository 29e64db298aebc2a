import Testing
import Foundation
import SwitchboardCore
import SwitchboardTesting

@Suite("Images: generations and edits over loopback (OpenAI passthrough, Gemini image models, mock)")
struct ImagesTests {
    typealias Stack = ImagesAudioStack

    @Test func generationsReachOpenAIWithOnlyTheModelRewrittenAndAreBilledByTheirTokens() async throws {
        try await Stack.run { harness, upstream in
            let body = #"{"model":"image-alias","prompt":"a red fox","n":2,"size":"1024x1024","quality":"medium","background":"opaque","output_format":"png","user":"u-1","a_future_field":{"x":[1.50,true]}}"#
            let exchange = try await harness.send(.POST, "/v1/images/generations", body: Array(body.utf8))
            #expect(exchange.status == 200)
            let received = try #require(upstream.requests.last { $0.path == "/v1/images/generations" })
            #expect(String(decoding: received.body, as: UTF8.self) == body.replacingOccurrences(of: "\"image-alias\"", with: "\"gpt-image-1\""))
            #expect(received.headers["authorization"] == "Bearer sk-upstream-secret")
            let data = try #require(exchange.json?["data"]?.arrayValue)
            #expect(data.count == 2)
            let png = try #require(data.first?["b64_json"]?.stringValue.flatMap { Data(base64Encoded: $0) })
            #expect(Stack.pngSize(Array(png)) != nil)
            #expect(exchange.json?["usage"]?["output_tokens"]?.intValue == 2112)
            let record = try #require(try await Stack.records(harness, endpoint: "images.generations").first)
            #expect(record.status == 200 && record.channel == "openai" && record.model == "image-alias")
            // gpt-image-1: 50 input tokens at $5 and 2112 image tokens at $40 per million.
            #expect(abs(record.costUSD - (50 * 5 + 2112 * 40) / 1_000_000) < 1e-9)
        }
    }

    @Test func theMockDrawsDeterministicPNGsAndAnswersURLsAsDataURLs() async throws {
        try await Stack.run { harness, _ in
            let ask: JSONValue = ["model": "mock-image-1", "prompt": "a lighthouse", "n": 2, "response_format": "b64_json"]
            let first = try await harness.post("/v1/images/generations", json: ask)
            let second = try await harness.post("/v1/images/generations", json: ask)
            #expect(first.status == 200)
            let images = try #require(first.json?["data"]?.arrayValue).compactMap { $0["b64_json"]?.stringValue }
            #expect(images.count == 2 && images[0] != images[1])
            #expect(second.json?["data"] == first.json?["data"])
            let png = try #require(Data(base64Encoded: images[0]))
            #expect(Stack.pngSize(Array(png))?.width == 64)

            let url = try await harness.post(
                "/v1/images/generations", json: ["model": "mock-image-1", "prompt": "a lighthouse", "response_format": "url"])
            let link = try #require(url.json?["data"]?.arrayValue?.first?["url"]?.stringValue)
            #expect(link == "data:image/png;base64," + images[0])
            let records = try await Stack.records(harness, endpoint: "images.generations")
            #expect(records.count == 3)
            #expect(records.allSatisfy { $0.status == 200 && $0.costUSD > 0 })
            #expect(abs(records.map(\.costUSD).reduce(0, +) - 0.05) < 1e-9)
            #expect(records.map(\.usage.images).reduce(0, +) == 5, "the images billed are kept in the records")
        }
    }

    @Test func geminiImageModelsGetGenerateContentWithImageModalityAndAnswerB64JSON() async throws {
        try await Stack.run { harness, upstream in
            let exchange = try await harness.post(
                "/v1/images/generations", json: ["model": "gemini-2.5-flash-image", "prompt": "a kite", "size": "1536x1024"])
            #expect(exchange.status == 200)
            let received = try #require(upstream.requests.last { $0.path.hasSuffix(":generateContent") })
            #expect(received.path == "/v1beta/models/gemini-2.5-flash-image:generateContent")
            #expect(received.headers["x-goog-api-key"] == "gemini-secret")
            #expect(received.json?["generationConfig"]?["responseModalities"] == ["IMAGE"])
            #expect(received.json?["generationConfig"]?["imageConfig"]?["aspectRatio"]?.stringValue == "3:2")
            #expect(received.json?["contents"]?.arrayValue?.first?["parts"]?.arrayValue?.last?["text"]?.stringValue == "a kite")
            let image = try #require(exchange.json?["data"]?.arrayValue?.first?["b64_json"]?.stringValue)
            #expect(Stack.pngSize(Array(try #require(Data(base64Encoded: image)))) != nil)
            let record = try #require(try await Stack.records(harness, endpoint: "images.generations").first)
            #expect(record.channel == "gemini")
            // One image at $0.039 and the prompt's tokens at $0.30 per million.
            #expect(record.costUSD > 0.039 && record.costUSD < 0.0391)
        }
    }

    @Test func geminiRefusesURLsUnknownRatiosAndBlockedPrompts() async throws {
        try await Stack.run { harness, _ in
            let url = try await harness.post(
                "/v1/images/generations", json: ["model": "gemini-2.5-flash-image", "prompt": "a kite", "response_format": "url"])
            #expect(url.status == 400)
            #expect(url.json?["error"]?["param"]?.stringValue == "response_format")
            let size = try await harness.post(
                "/v1/images/generations", json: ["model": "gemini-2.5-flash-image", "prompt": "a kite", "size": "1000x10"])
            #expect(size.status == 400)
            #expect(size.json?["error"]?["param"]?.stringValue == "size")
            let blocked = try await harness.post(
                "/v1/images/generations", json: ["model": "gemini-2.5-flash-image", "prompt": "BLOCKED content"])
            #expect(blocked.status == 400)
            #expect(blocked.json?["error"]?["code"]?.stringValue == "content_policy_violation")
        }
    }

    @Test func editsReachOpenAIAsAFormWithEveryFileByteForByte() async throws {
        try await Stack.run { harness, upstream in
            let first: [UInt8] = [0x89, 0x50, 0x4E, 0x47] + (0..<3000).map { UInt8($0 % 251) }
            let second: [UInt8] = Array("\r\n--not-a-boundary\r\n".utf8) + (0..<500).map { UInt8($0 % 7) }
            let mask: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]
            let form = Stack.Form(
                fields: [("model", "image-alias"), ("prompt", "add a hat"), ("n", "1"), ("size", "1024x1024")],
                files: [("image[]", "a.png", "image/png", first), ("image[]", "b.png", "image/png", second), ("mask", "m.png", "image/png", mask)])
            let exchange = try await Stack.postForm(harness, "/v1/images/edits", form)
            #expect(exchange.status == 200)
            #expect(exchange.json?["data"]?.arrayValue?.count == 1)
            let received = try #require(upstream.requests.last { $0.path == "/v1/images/edits" })
            let contentType = try #require(received.headers["content-type"])
            #expect(contentType == form.contentType)
            let text = String(decoding: received.body, as: UTF8.self)
            #expect(text.contains("name=\"model\"\r\n\r\ngpt-image-1\r\n"))
            #expect(!text.contains("image-alias"))
            #expect(received.body.count == form.body.count - "image-alias".utf8.count + "gpt-image-1".utf8.count)
            for file in [first, second, mask] {
                #expect(received.body.firstRange(of: file) != nil)
            }
            let record = try #require(try await Stack.records(harness, endpoint: "images.edits").first)
            #expect(record.status == 200 && record.channel == "openai")
        }
    }

    @Test func geminiEditsSendTheImagesAsInlineDataBeforeThePrompt() async throws {
        try await Stack.run { harness, upstream in
            let png = [UInt8](try #require(Data(base64Encoded: "iVBORw0KGgo=")))
            let form = Stack.Form(
                fields: [("model", "gemini-2.5-flash-image"), ("prompt", "make it blue")],
                files: [("image", "a.png", "application/octet-stream", png)])
            let exchange = try await Stack.postForm(harness, "/v1/images/edits", form)
            #expect(exchange.status == 200)
            let parts = try #require(upstream.requests.last { $0.path.hasSuffix(":generateContent") }?.json?["contents"]?.arrayValue?.first?["parts"]?.arrayValue)
            #expect(parts.count == 2)
            #expect(parts.first?["inlineData"]?["mimeType"]?.stringValue == "image/png")
            #expect(parts.first?["inlineData"]?["data"]?.stringValue == "iVBORw0KGgo=")
            #expect(parts.last?["text"]?.stringValue == "make it blue")
        }
    }

    @Test func badImageRequestsAre400sNamingTheField() async throws {
        try await Stack.run { harness, _ in
            let noImage = try await Stack.postForm(harness, "/v1/images/edits", Stack.Form(fields: [("model", "mock-image-1"), ("prompt", "x")]))
            #expect(noImage.status == 400 && noImage.json?["error"]?["param"]?.stringValue == "image")
            let noPrompt = try await Stack.postForm(
                harness, "/v1/images/edits", Stack.Form(fields: [("model", "mock-image-1")], files: [("image", "a.png", "image/png", [1])]))
            #expect(noPrompt.status == 400 && noPrompt.json?["error"]?["param"]?.stringValue == "prompt")
            let noModel = try await Stack.postForm(
                harness, "/v1/images/edits", Stack.Form(fields: [("prompt", "x")], files: [("image", "a.png", "image/png", [1])]))
            #expect(noModel.status == 400 && noModel.json?["error"]?["param"]?.stringValue == "model")
            let json = try await harness.post("/v1/images/edits", json: ["model": "mock-image-1", "prompt": "x"])
            #expect(json.status == 400 && json.json?["error"]?["message"]?.stringValue?.contains("multipart/form-data") == true)
            let badN = try await harness.post("/v1/images/generations", json: ["model": "mock-image-1", "prompt": "x", "n": 11])
            #expect(badN.status == 400 && badN.json?["error"]?["param"]?.stringValue == "n")
            let badFormat = try await harness.post(
                "/v1/images/generations", json: ["model": "mock-image-1", "prompt": "x", "response_format": "png"])
            #expect(badFormat.status == 400 && badFormat.json?["error"]?["param"]?.stringValue == "response_format")
            let noPromptJSON = try await harness.post("/v1/images/generations", json: ["model": "mock-image-1"])
            #expect(noPromptJSON.status == 400 && noPromptJSON.json?["error"]?["param"]?.stringValue == "prompt")
            let truncated = try await harness.send(
                .POST, "/v1/images/edits", body: Array("--b\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhal".utf8),
                headers: [("content-type", "multipart/form-data; boundary=b")])
            #expect(truncated.status == 400 && truncated.json?["error"]?["type"]?.stringValue == "invalid_request_error")
            let anthropic = try await harness.post("/v1/images/generations", json: ["model": "claude-sonnet-4-5", "prompt": "x"])
            #expect(anthropic.status == 400 && anthropic.json?["error"]?["param"]?.stringValue == "model")
        }
    }

    @Test func accessRulesAndFailoverAreTheChatOnes() async throws {
        try await Stack.run { harness, upstream in
            let unknown = try await harness.post("/v1/images/generations", json: ["model": "no-such-image-model", "prompt": "x"])
            #expect(unknown.status == 404 && unknown.json?["error"]?["code"]?.stringValue == "model_not_found")
            let forbidden = try await harness.send(
                .POST, "/v1/images/generations", body: JSON.serialize(["model": "dall-e-3", "prompt": "x"]), key: Stack.mockOnlyKey)
            #expect(forbidden.status == 403)
            let anonymous = try await harness.send(.POST, "/v1/images/generations", body: JSON.serialize(["model": "dall-e-3", "prompt": "x"]), key: nil)
            #expect(anonymous.status == 401)

            let flaky = try await harness.post("/v1/images/generations", json: ["model": "flaky-image", "prompt": "x"])
            #expect(flaky.status == 200)
            #expect(upstream.requestCount(model: "fault:flaky-1-502") == 2)
            let broken = try await harness.post("/v1/images/generations", json: ["model": "broken-image", "prompt": "x"])
            #expect(broken.status == 502 || broken.status == 500)
            let records = try await Stack.records(harness, endpoint: "images.generations")
            #expect(records.filter { $0.model == "flaky-image" }.map(\.status) == [200])
            #expect(records.filter { $0.model == "broken-image" }.count == 1)
        }
    }

    @Test func editsTakeLargeImagesAndRefuseMoreThanFiftyMegabytesInAll() async throws {
        try await Stack.run { harness, _ in
            // Debug builds parse uploads at about 1 MB/s (MultipartKit's byte scan unoptimised), so
            // the accepted upload stays small; the refused one is refused from its Content-Length.
            let large = [UInt8](repeating: 0x42, count: 2 * 1024 * 1024)
            let accepted = try await Stack.postForm(
                harness, "/v1/images/edits",
                Stack.Form(fields: [("model", "mock-image-1"), ("prompt", "x")], files: [("image", "big.png", "image/png", large)]))
            #expect(accepted.status == 200)
            let half = [UInt8](repeating: 0x42, count: 26 * 1024 * 1024)
            let tooLarge = try await Stack.postForm(
                harness, "/v1/images/edits",
                Stack.Form(fields: [("model", "mock-image-1"), ("prompt", "x")],
                           files: [("image[]", "a.png", "image/png", half), ("image[]", "b.png", "image/png", half)]))
            #expect(tooLarge.status == 413)
            #expect(tooLarge.json?["error"]?["code"]?.stringValue == "request_too_large")
        }
    }

    @Test func streamedImagesAreRelayedEventByEventAndBilledFromTheCompletedEvent() async throws {
        try await Stack.run { harness, upstream in
            let (exchange, events) = try await harness.stream(
                "/v1/images/generations", json: ["model": "image-alias", "prompt": "a fox", "stream": true, "partial_images": 2])
            #expect(exchange.status == 200)
            #expect(exchange.headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true)
            #expect(events.map(\.event) == ["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"])
            #expect(upstream.requests.last { $0.path == "/v1/images/generations" }?.json?["model"]?.stringValue == "gpt-image-1")
            let record = try #require(try await Stack.records(harness, endpoint: "images.generations").first)
            #expect(record.status == 200 && record.streamed)
            #expect(abs(record.costUSD - (50 * 5 + 1056 * 40) / 1_000_000) < 1e-9)

            let form = Stack.Form(
                fields: [("model", "gpt-image-1"), ("prompt", "add a hat"), ("stream", "true")],
                files: [("image", "a.png", "image/png", [0x89, 0x50, 0x4E, 0x47])])
            let edit = try await Stack.postForm(harness, "/v1/images/edits", form)
            #expect(edit.status == 200 && edit.text.contains("event: image_edit.completed"))

            let mock = try await harness.post("/v1/images/generations", json: ["model": "mock-image-1", "prompt": "x", "stream": true])
            #expect(mock.status == 400 && mock.json?["error"]?["param"]?.stringValue == "stream")
        }
    }
}
