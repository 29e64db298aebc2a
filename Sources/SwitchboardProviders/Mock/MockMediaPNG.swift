/// Real PNG files made in code for the mock's image endpoints: an RGB picture whose colours and
/// stripes follow from a seed string (the prompt), so the same prompt always gives the same bytes.
/// Pixels go in zlib "stored" blocks (no compression), with correct CRC-32 and Adler-32 checksums,
/// so every PNG reader accepts them.
public enum MockMediaPNG {
    /// A `side` x `side` PNG drawn from `seed`.
    public static func image(seed: String, side: Int = 64) -> [UInt8] {
        let hash = StableSeed.hash(seed)
        let base = (UInt8(truncatingIfNeeded: hash), UInt8(truncatingIfNeeded: hash >> 8), UInt8(truncatingIfNeeded: hash >> 16))
        let stripe = Int(hash >> 24 & 7) + 2
        var scanlines: [UInt8] = []
        scanlines.reserveCapacity(side * (side * 3 + 1))
        for y in 0..<side {
            scanlines.append(0) // filter: none
            for x in 0..<side {
                let shade = UInt8(truncatingIfNeeded: ((x + y) / stripe) % 2 == 0 ? 0 : 96)
                scanlines += [base.0 &+ shade, base.1 &+ UInt8(truncatingIfNeeded: x * 2), base.2 &+ UInt8(truncatingIfNeeded: y * 2)]
            }
        }
        var header: [UInt8] = []
        header += bigEndian(UInt32(side))
        header += bigEndian(UInt32(side))
        header += [8, 2, 0, 0, 0] // 8-bit depth, RGB, deflate, adaptive filtering, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", zlibStored(scanlines)) + chunk("IEND", [])
    }

    /// `data` as a zlib stream of stored (uncompressed) deflate blocks.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let isLast = offset + length == data.count
            output.append(isLast ? 1 : 0)
            output += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            output += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        return output + bigEndian(adler32(data))
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}

/// A hash of a string that is the same in every process (Swift's `hashValue` is seeded per run).
enum StableSeed {
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
