import Crypto
import Foundation

/// Creating, hashing and comparing client key secrets.
public enum KeySecret {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// A new secret: `sk-` and 48 characters from the system's secure random source.
    public static func generate(prefix: String = "sk-") -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<48).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Hex SHA-256 of a secret; the only form in which secrets are stored.
    public static func hash(_ secret: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(secret.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// `sk-...abcd`: enough to recognise a key, too little to use it.
    public static func hint(_ secret: String) -> String {
        guard secret.count >= 12 else { return "***" }
        let prefix = secret.hasPrefix("sk-") ? "sk-" : String(secret.prefix(3))
        return prefix + "..." + secret.suffix(4)
    }

    /// Compares two strings in time that depends only on their lengths.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<left.count { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
