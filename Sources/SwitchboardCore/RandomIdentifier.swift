/// Random identifiers (`chatcmpl-...`, `req_...`, `key_...`) from the system's secure generator,
/// without the cost of formatting a UUID.
public enum RandomIdentifier {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `prefix` followed by `length` lowercase hex digits.
    public static func make(_ prefix: String, length: Int = 24) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = Array(prefix.utf8)
        bytes.reserveCapacity(bytes.count + length)
        var bits: UInt64 = 0
        for index in 0..<length {
            if index % 16 == 0 { bits = generator.next() }
            bytes.append(digits[Int(bits & 0xF)])
            bits >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
