import Foundation
import SwitchboardCore
import SwitchboardProviders
import SwitchboardServer
import SwitchboardTesting

/// A test upstream and a gateway with the media channels in front of it, for the image and audio
/// tests: the mock's media models, an OpenAI channel, a Gemini channel for image models, and an
/// Anthropic channel (which serves no media endpoint).
enum ImagesAudioStack {
    static let mockOnlyKey = "sk-test-media-mock-only-0123456789"

    static func channels(upstream: TestUpstream) -> [ChannelConfiguration] {
        [
            ChannelConfiguration(name: "mock", provider: .mock, models: MockModels.media),
            ChannelConfiguration(
                name: "openai", provider: .openai, baseURL: upstream.baseURL, apiKey: "sk-upstream-secret",
                models: ["gpt-image-1", "dall-e-3", "whisper-1", "tts-1"],
                modelMap: [
                    "image-alias": "gpt-image-1", "flaky-image": "fault:flaky-1-502", "broken-image": "fault:status-500",
                    "flaky-whisper": "fault:flaky-1-502", "stalling-speech": "fault:stall-mid-stream-60",
                    "refusing-speech": "fault:status-400",
                ],
                timeouts: ChannelTimeouts(connect: 2, firstByte: 10, idle: 120, total: 300)),
            ChannelConfiguration(
                name: "gemini", provider: .gemini, baseURL: upstream.geminiBaseURL, apiKey: "gemini-secret",
                models: ["gemini-2.5-flash-image"]),
            ChannelConfiguration(
                name: "anthropic", provider: .anthropic, baseURL: upstream.baseURL, apiKey: "sk-ant", models: ["claude-sonnet-4-5"]),
        ]
    }

    static func run<Value: Sendable>(
        customize: @Sendable (inout GatewayConfiguration) -> Void = { _ in },
        _ body: @Sendable (GatewayHarness, TestUpstream) async throws -> Value
    ) async throws -> Value {
        try await Stack.run(channels: channels(upstream:), customize: { configuration in
            configuration.keys.append(StaticClientKey(name: "media-mock-only", key: mockOnlyKey, models: ["mock-*"]))
            configuration.retries.attempts = 2
            customize(&configuration)
        }, body)
    }

    /// The usage records of `endpoint`, newest first, once the recorder has written them.
    static func records(_ harness: GatewayHarness, endpoint: String) async throws -> [UsageRecordView] {
        await harness.gateway.recorder.flush()
        return try await harness.gateway.store.recentUsage(limit: 50).filter { $0.endpoint == endpoint }
            .map {
                UsageRecordView(
                    model: $0.model, channel: $0.channel, status: $0.status, costUSD: $0.costUSD, streamed: $0.streamed,
                    usage: $0.usage)
            }
    }

    /// What the media tests read of a usage record.
    struct UsageRecordView: Sendable {
        let model: String
        let channel: String?
        let status: Int
        let costUSD: Double
        let streamed: Bool
        let usage: Usage
    }

    /// Posts a multipart form.
    static func postForm(_ harness: GatewayHarness, _ path: String, _ form: Form, key: String = GatewayHarness.clientKey) async throws -> GatewayHarness.Exchange {
        try await harness.send(.POST, path, body: form.body, key: key, headers: [("content-type", form.contentType)])
    }

    /// A `multipart/form-data` body built the way HTTP clients build one.
    struct Form: Sendable {
        let boundary = "----switchboard-test-\(UUID().uuidString)"
        private(set) var body: [UInt8] = []
        private var closed = false

        var contentType: String { "multipart/form-data; boundary=\(boundary)" }

        init(fields: [(String, String)] = [], files: [(name: String, filename: String, type: String, bytes: [UInt8])] = []) {
            for (name, value) in fields { add(name, value) }
            for file in files { add(file.name, filename: file.filename, type: file.type, bytes: file.bytes) }
            body += Array("--\(boundary)--\r\n".utf8)
        }

        private mutating func add(_ name: String, _ value: String) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }

        private mutating func add(_ name: String, filename: String, type: String, bytes: [UInt8]) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
            body += bytes
            body += Array("\r\n".utf8)
        }
    }

    /// A 16 kHz 16-bit mono WAV of `seconds` of silence.
    static func wav(seconds: Double) -> [UInt8] {
        let dataBytes = Int(seconds * 16_000) * 2
        func le32(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF)] }
        return Array("RIFF".utf8) + le32(36 + dataBytes) + Array("WAVEfmt ".utf8) + le32(16) + [1, 0, 1, 0]
            + le32(16_000) + le32(32_000) + [2, 0, 16, 0] + Array("data".utf8) + le32(dataBytes) + [UInt8](repeating: 0, count: dataBytes)
    }

    /// Checks the PNG signature, that every chunk's CRC is right, and returns the IHDR width and height.
    static func pngSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        var offset = 8
        var size: (Int, Int)?
        while offset + 12 <= bytes.count {
            let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let typed = Array(bytes[(offset + 4)..<(offset + 8 + length)])
            let crc = bytes[(offset + 8 + length)..<(offset + 12 + length)].reduce(0) { $0 << 8 | UInt32($1) }
            guard crc == crc32(typed) else { return nil }
            if typed.starts(with: Array("IHDR".utf8)) {
                size = (typed[4..<8].reduce(0) { $0 << 8 | Int($1) }, typed[8..<12].reduce(0) { $0 << 8 | Int($1) })
            }
            if typed.starts(with: Array("IEND".utf8)) { return size }
            offset += 12 + length
        }
        return nil
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
