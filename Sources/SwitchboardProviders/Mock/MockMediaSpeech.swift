import Foundation

/// The mock's speech: a real 24 kHz 16-bit mono WAV of a soft tone whose pitch follows from the
/// input and whose length grows with it (60 ms a character at speed 1, at least 0.2 s, at most
/// 20 s), handed out in several chunks so the gateway's streaming is exercised.
public struct MockMediaSpeech: Sendable {
    public static let sampleRate = 24_000
    public let input: String
    public let speed: Double

    public init(input: String, speed: Double = 1) {
        self.input = input
        self.speed = speed > 0 ? speed : 1
    }

    /// Seconds of audio the input becomes.
    public var seconds: Double { min(20, max(0.2, Double(input.count) * 0.06 / speed)) }

    /// Signed 16-bit little-endian samples (OpenAI's `pcm` format).
    public func pcm() -> [UInt8] {
        let count = Int(seconds * Double(Self.sampleRate))
        let frequency = 220 + Double(StableSeed.hash(input) % 440)
        var samples: [UInt8] = []
        samples.reserveCapacity(count * 2)
        for index in 0..<count {
            let value = Int16(6_000 * sin(2 * Double.pi * frequency * Double(index) / Double(Self.sampleRate)))
            let bits = UInt16(bitPattern: value)
            samples += [UInt8(bits & 0xFF), UInt8(bits >> 8)]
        }
        return samples
    }

    /// The samples in a WAV file.
    public func wav() -> [UInt8] {
        let samples = pcm()
        var header: [UInt8] = Array("RIFF".utf8) + Self.littleEndian(UInt32(36 + samples.count)) + Array("WAVEfmt ".utf8)
        header += Self.littleEndian(16) + [1, 0, 1, 0] // PCM, mono
        header += Self.littleEndian(UInt32(Self.sampleRate)) + Self.littleEndian(UInt32(Self.sampleRate * 2))
        header += [2, 0, 16, 0] // block align, bits per sample
        header += Array("data".utf8) + Self.littleEndian(UInt32(samples.count))
        return header + samples
    }

    /// `bytes` cut into `count` chunks of about the same size (the last may be shorter).
    public static func chunks(_ bytes: [UInt8], count: Int = 8) -> [[UInt8]] {
        let size = max(1, (bytes.count + count - 1) / count)
        return stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
    }
}
