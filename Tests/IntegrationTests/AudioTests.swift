import Testing
import Foundation
import AsyncHTTPClient
import NIOCore
import SwitchboardCore
import SwitchboardStore
import SwitchboardTesting

@Suite("Audio: transcriptions, translations and speech over loopback (OpenAI passthrough, mock)")
struct AudioTests {
    typealias Stack = ImagesAudioStack

    static func transcriptionForm(model: String, format: String? = nil, file: [UInt8] = Stack.wav(seconds: 1.5), extra: [(String, String)] = []) -> Stack.Form {
        var fields = [("model", model), ("language", "en")] + extra
        if let format { fields.append(("response_format", format)) }
        return Stack.Form(fields: fields, files: [("file", "speech.wav", "audio/wav", file)])
    }

    @Test func transcriptionsReachOpenAIAsTheSameFormWithTheModelRewritten() async throws {
        try await Stack.run { harness, upstream in
            let form = Self.transcriptionForm(model: "whisper-1", extra: [("timestamp_granularities[]", "word"), ("timestamp_granularities[]", "segment")])
            let exchange = try await Stack.postForm(harness, "/v1/audio/transcriptions", form)
            #expect(exchange.status == 200)
            #expect(exchange.json?["text"]?.stringValue?.contains("1.50 seconds") == true)
            let received = try #require(upstream.requests.last { $0.path == "/v1/audio/transcriptions" })
            #expect(received.headers["content-type"] == form.contentType)
            #expect(received.headers["authorization"] == "Bearer sk-upstream-secret")
            let text = String(decoding: received.body, as: UTF8.self)
            #expect(text.components(separatedBy: "name=\"timestamp_granularities[]\"").count == 3)
            #expect(text.contains("name=\"language\"\r\n\r\nen\r\n"))
            #expect(received.body.firstRange(of: Stack.wav(seconds: 1.5)) != nil)
            // json answers carry usage.seconds (rounded up): 2 s of whisper-1 at $0.0001.
            let record = try #require(try await Stack.records(harness, endpoint: "audio.transcriptions").first)
            #expect(record.status == 200 && record.channel == "openai")
            #expect(abs(record.costUSD - 0.0002) < 1e-12)
            #expect(record.usage.audioSeconds == 2, "the seconds billed are kept in the record")
        }
    }

    @Test func textAndSubtitleAnswersKeepTheirContentTypeAndAreBilledFromTheWAVHeader() async throws {
        try await Stack.run { harness, _ in
            for format in ["text", "srt", "vtt"] {
                let exchange = try await Stack.postForm(harness, "/v1/audio/transcriptions", Self.transcriptionForm(model: "whisper-1", format: format))
                #expect(exchange.status == 200)
                #expect(exchange.headers.first(name: "content-type")?.hasPrefix("text/plain") == true)
            }
            let records = try await Stack.records(harness, endpoint: "audio.transcriptions")
            #expect(records.count == 3)
            #expect(records.allSatisfy { abs($0.costUSD - 0.00015) < 1e-12 })
        }
    }

    @Test func theUpstreamsVerboseDurationWinsOverTheGatewaysEstimate() async throws {
        try await Stack.run { harness, _ in
            let notWAV = Array("ID3".utf8) + [UInt8](repeating: 7, count: 32_000)
            let exchange = try await Stack.postForm(
                harness, "/v1/audio/translations", Self.transcriptionForm(model: "whisper-1", format: "verbose_json", file: notWAV))
            #expect(exchange.status == 200)
            #expect(exchange.json?["task"]?.stringValue == "translate")
            #expect(exchange.json?["duration"]?.doubleValue == 8.47)
            let record = try #require(try await Stack.records(harness, endpoint: "audio.translations").first)
            #expect(abs(record.costUSD - 0.000847) < 1e-12)

            // Without a duration from the upstream, a file that is not WAV is estimated at 128 kbit/s.
            _ = try await Stack.postForm(harness, "/v1/audio/translations", Self.transcriptionForm(model: "whisper-1", format: "text", file: notWAV))
            let estimated = try #require(try await Stack.records(harness, endpoint: "audio.translations").first)
            #expect(abs(estimated.costUSD - Double(notWAV.count) / 16_000 * 0.0001) < 1e-12)
        }
    }

    @Test func theMockTranscribesAWAVInEveryFormat() async throws {
        try await Stack.run { harness, _ in
            let json = try await Stack.postForm(harness, "/v1/audio/transcriptions", Self.transcriptionForm(model: "mock-whisper-1"))
            #expect(json.json?["text"]?.stringValue == "Hello from the Switchboard mock transcription. The audio lasts 1.50 seconds.")
            let verbose = try await Stack.postForm(
                harness, "/v1/audio/transcriptions",
                Self.transcriptionForm(model: "mock-whisper-1", format: "verbose_json", extra: [("timestamp_granularities[]", "word")]))
            #expect(verbose.json?["duration"]?.doubleValue == 1.5)
            #expect(verbose.json?["segments"]?.arrayValue?.count == 1)
            #expect(verbose.json?["words"]?.arrayValue?.isEmpty == false)
            let srt = try await Stack.postForm(harness, "/v1/audio/transcriptions", Self.transcriptionForm(model: "mock-whisper-1", format: "srt"))
            #expect(srt.text.hasPrefix("1\n00:00:00,000 --> 00:00:01,500\nHello from the Switchboard mock transcription."))
            let vtt = try await Stack.postForm(harness, "/v1/audio/translations", Self.transcriptionForm(model: "mock-whisper-1", format: "vtt"))
            #expect(vtt.text.hasPrefix("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n"))
            let text = try await Stack.postForm(harness, "/v1/audio/transcriptions", Self.transcriptionForm(model: "mock-whisper-1", format: "text"))
            #expect(text.text.hasSuffix("1.50 seconds.\n"))
            #expect(text.headers.first(name: "content-type")?.hasPrefix("text/plain") == true)
            let records = try await Stack.records(harness, endpoint: "audio.transcriptions")
            #expect(records.count == 4)
            #expect(records.allSatisfy { abs($0.costUSD - 0.0015) < 1e-12 })
        }
    }

    @Test func badTranscriptionRequestsAre400sNamingTheField() async throws {
        try await Stack.run { harness, _ in
            let format = try await Stack.postForm(harness, "/v1/audio/transcriptions", Self.transcriptionForm(model: "mock-whisper-1", format: "mp3"))
            #expect(format.status == 400 && format.json?["error"]?["param"]?.stringValue == "response_format")
            #expect(format.json?["error"]?["message"]?.stringValue?.contains("mp3") == true)
            let noFile = try await Stack.postForm(harness, "/v1/audio/transcriptions", Stack.Form(fields: [("model", "mock-whisper-1")]))
            #expect(noFile.status == 400 && noFile.json?["error"]?["param"]?.stringValue == "file")
            let noModel = try await Stack.postForm(
                harness, "/v1/audio/transcriptions", Stack.Form(files: [("file", "a.wav", "audio/wav", Stack.wav(seconds: 0.1))]))
            #expect(noModel.status == 400 && noModel.json?["error"]?["param"]?.stringValue == "model")
            let temperature = try await Stack.postForm(
                harness, "/v1/audio/transcriptions", Self.transcriptionForm(model: "mock-whisper-1", extra: [("temperature", "hot")]))
            #expect(temperature.status == 400 && temperature.json?["error"]?["param"]?.stringValue == "temperature")
            let notWAV = try await Stack.postForm(
                harness, "/v1/audio/transcriptions", Self.transcriptionForm(model: "mock-whisper-1", file: Array("OggS".utf8)))
            #expect(notWAV.status == 400 && notWAV.json?["error"]?["param"]?.stringValue == "file")
            let json = try await harness.post("/v1/audio/transcriptions", json: ["model": "mock-whisper-1"])
            #expect(json.status == 400 && json.json?["error"]?["type"]?.stringValue == "invalid_request_error")
        }
    }

    @Test func uploadsOverTwentyFiveMegabytesAre413InOpenAIsEnvelope() async throws {
        try await Stack.run { harness, _ in
            let form = Self.transcriptionForm(model: "mock-whisper-1", file: Stack.wav(seconds: 820))
            #expect(form.body.count > 25 * 1024 * 1024)
            let exchange = try await Stack.postForm(harness, "/v1/audio/transcriptions", form)
            #expect(exchange.status == 413)
            #expect(exchange.json?["error"]?["code"]?.stringValue == "request_too_large")
        }
    }

    @Test func failuresBeforeAnswerMoveToTheNextAttempt() async throws {
        try await Stack.run { harness, upstream in
            let exchange = try await Stack.postForm(harness, "/v1/audio/transcriptions", Self.transcriptionForm(model: "flaky-whisper"))
            #expect(exchange.status == 200)
            #expect(upstream.requestCount(model: "fault:flaky-1-502") == 2)
            // Both attempts carried the same form, the model rewritten each time.
            let bodies = upstream.requests.filter { $0.path == "/v1/audio/transcriptions" }.map(\.body)
            #expect(bodies.count == 2 && bodies[0] == bodies[1])
            let records = try await Stack.records(harness, endpoint: "audio.transcriptions")
            #expect(records.map(\.status) == [200])
        }
    }

    @Test func speechIsRelayedChunkByChunkWithTheUpstreamsContentTypeAndBilledPerCharacter() async throws {
        try await Stack.run { harness, upstream in
            let input = String(repeating: "Hello there. ", count: 10)
            let exchange = try await harness.post("/v1/audio/speech", json: ["model": "tts-1", "input": .string(input), "voice": "alloy"])
            #expect(exchange.status == 200)
            #expect(exchange.headers.first(name: "content-type") == "audio/mpeg")
            #expect(exchange.body.starts(with: Array("ID3".utf8)))
            #expect(upstream.requests.last { $0.path == "/v1/audio/speech" }?.json?["voice"]?.stringValue == "alloy")
            let record = try #require(try await Stack.records(harness, endpoint: "audio.speech").first)
            #expect(record.status == 200 && record.streamed)
            #expect(abs(record.costUSD - Double(input.count) * 15 / 1_000_000) < 1e-12)
            #expect(record.usage.characters == input.count)

            let wav = try await harness.post(
                "/v1/audio/speech", json: ["model": "tts-1", "input": "hi", "voice": "alloy", "response_format": "wav"])
            #expect(wav.headers.first(name: "content-type") == "audio/wav")
            #expect(wav.body.starts(with: Array("RIFF".utf8)))
        }
    }

    @Test func theMockSpeaksARealWAVWhoseLengthFollowsTheInput() async throws {
        try await Stack.run { harness, _ in
            let short = try await harness.post("/v1/audio/speech", json: ["model": "mock-tts-1", "input": "Hello", "voice": "alloy"])
            let long = try await harness.post("/v1/audio/speech", json: ["model": "mock-tts-1", "input": "Hello, this is longer", "voice": "alloy"])
            #expect(short.status == 200 && long.status == 200)
            #expect(short.headers.first(name: "content-type") == "audio/wav")
            #expect(short.body.starts(with: Array("RIFF".utf8)) && short.body[8..<12].elementsEqual("WAVE".utf8))
            #expect(long.body.count > short.body.count)
            let dataSize = short.body[40..<44].reversed().reduce(0) { $0 << 8 | Int($1) }
            #expect(dataSize == short.body.count - 44)
            let pcm = try await harness.post(
                "/v1/audio/speech", json: ["model": "mock-tts-1", "input": "Hello", "voice": "alloy", "response_format": "pcm"])
            #expect(pcm.headers.first(name: "content-type") == "audio/pcm")
            #expect(pcm.body.count == dataSize)
        }
    }

    /// Asks for speech from the upstream model that sends half its audio, then nothing for 60 s;
    /// returns once the response head arrived.
    static func stallingSpeech(_ harness: GatewayHarness) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: harness.baseURL + "/v1/audio/speech")
        request.method = .POST
        request.headers.add(name: "authorization", value: "Bearer \(GatewayHarness.clientKey)")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: JSON.serialize(["model": "stalling-speech", "input": "hi", "voice": "alloy"])))
        return try await harness.client.execute(request, timeout: .seconds(40))
    }

    @Test func speechBytesReachTheClientWhileTheUpstreamIsStillSending() async throws {
        try await Stack.run { harness, _ in
            // The upstream sends half its answer, then nothing for 60 s: the first half must arrive
            // before that (the timeout only catches a gateway that waits for the whole answer).
            let response = try await Self.stallingSpeech(harness)
            #expect(response.status.code == 200)
            var iterator = response.body.makeAsyncIterator()
            let first = try await iterator.next()
            #expect((first?.readableBytes ?? 0) > 0)
        }
    }

    @Test func speechStillStreamingWhenTheShutdownGraceRunsOutIsCutAndRecordedAs503() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sb-speech-grace-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let clock = ContinuousClock()
        let (reader, shutdownBegan) = try await Stack.run(customize: {
            $0.databaseURL = "sqlite://\(path)"
            $0.shutdownGrace = 0.5
        }) { harness, _ in
            let response = try await Self.stallingSpeech(harness)
            #expect(response.status.code == 200)
            // The upstream sends half its audio, then nothing for 60 s. The client keeps reading
            // while the harness shuts the gateway down as this closure returns.
            let reader = Task {
                var iterator = response.body.makeAsyncIterator()
                while (try? await iterator.next()) != nil {}
            }
            return (reader, clock.now)
        }
        let shutDownAfter = clock.now - shutdownBegan
        await reader.value
        #expect(shutDownAfter < .seconds(15), "the stream ran on for \(shutDownAfter) after shutdown began (grace 0.5 s)")
        let store = try await SQLStore.open(.sqliteFile(path: path))
        let records = try await store.recentUsage(limit: 10).filter { $0.endpoint == "audio.speech" }
        await store.close()
        #expect(records.map(\.status) == [503])
        #expect(records.first?.usage.characters == 2, "what the stream was billed so far is kept")
    }

    @Test func badSpeechRequestsAre400sNamingTheFieldAndUpstreamErrorsKeepTheirMessage() async throws {
        try await Stack.run { harness, _ in
            let format = try await harness.post("/v1/audio/speech", json: ["model": "mock-tts-1", "input": "x", "voice": "alloy", "response_format": "ogg"])
            #expect(format.status == 400 && format.json?["error"]?["param"]?.stringValue == "response_format")
            let noInput = try await harness.post("/v1/audio/speech", json: ["model": "mock-tts-1", "voice": "alloy"])
            #expect(noInput.status == 400 && noInput.json?["error"]?["param"]?.stringValue == "input")
            let speed = try await harness.post("/v1/audio/speech", json: ["model": "mock-tts-1", "input": "x", "voice": "alloy", "speed": 9])
            #expect(speed.status == 400 && speed.json?["error"]?["param"]?.stringValue == "speed")
            let refused = try await harness.post("/v1/audio/speech", json: ["model": "refusing-speech", "input": "x", "voice": "alloy"])
            #expect(refused.status == 400)
            #expect(refused.json?["error"]?["message"]?.stringValue == "Injected upstream failure 400")
            #expect(refused.headers.first(name: "content-type") == "application/json")
            let records = try await Stack.records(harness, endpoint: "audio.speech")
            #expect(records.map(\.status).sorted() == [400, 400, 400, 400])
        }
    }
}
