/// How long an uploaded audio file plays, read from its container so transcriptions can be billed
/// per second when the upstream does not say.
///
/// WAV (RIFF/WAVE) is exact: the `data` chunk's bytes divided by the `fmt ` chunk's byte rate. A
/// `data` size that is zero or larger than what was uploaded (streamed WAVs write `0xFFFFFFFF`)
/// counts the bytes actually there. Other containers (mp3, m4a, ogg, webm, flac) are estimated at
/// 128 kbit/s, which ``estimate(fileLength:)`` documents; that estimate is used only when neither
/// the container nor the upstream tells the duration.
public enum AudioDuration {
    /// Bytes per second assumed for compressed audio whose length the gateway cannot read.
    public static let assumedCompressedBytesPerSecond = 16_000

    /// The seconds a WAV file plays, from its first bytes (`header`, at least up to the start of
    /// the `data` chunk) and the file's whole length; nil when the bytes are not a WAV file.
    public static func wav(header: [UInt8], fileLength: Int) -> Double? {
        guard header.count >= 12, header[0..<4].elementsEqual("RIFF".utf8), header[8..<12].elementsEqual("WAVE".utf8) else {
            return nil
        }
        var offset = 12
        var byteRate: Int?
        while offset + 8 <= header.count {
            let id = header[offset..<(offset + 4)]
            let size = littleEndian(header, at: offset + 4)
            let payload = offset + 8
            if id.elementsEqual("fmt ".utf8) {
                guard payload + 12 <= header.count else { return nil }
                byteRate = littleEndian(header, at: payload + 8)
            } else if id.elementsEqual("data".utf8) {
                guard let byteRate, byteRate > 0 else { return nil }
                let present = max(0, fileLength - payload)
                let dataBytes = size == 0 || size > present ? present : size
                return Double(dataBytes) / Double(byteRate)
            }
            // Chunks are padded to an even size.
            offset = payload + size + (size % 2)
        }
        return nil
    }

    /// The estimated seconds of a compressed file of `fileLength` bytes (128 kbit/s).
    public static func estimate(fileLength: Int) -> Double {
        Double(fileLength) / Double(assumedCompressedBytesPerSecond)
    }

    private static func littleEndian(_ bytes: [UInt8], at offset: Int) -> Int {
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
    }
}
