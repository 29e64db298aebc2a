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
    ///
    /// Runs on every authenticated request: the secret's bytes are hashed where they are and the
    /// hex is written straight into the string's storage.
    public static func hash(_ secret: String) -> String {
        var secret = secret
        let digest = secret.withUTF8 { SHA256.hash(data: $0) }
        // Read through its bytes: iterating the digest as a sequence costs more than the hash's
        // own last block (it runs for every authenticated request).
        return digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: 64) { hex in
                var index = 0
                for byte in bytes {
                    hex[index] = hexDigits[Int(byte >> 4)]
                    hex[index + 1] = hexDigits[Int(byte & 0x0F)]
                    index += 2
                }
                return index
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `sk-...abcd`: enough to recognise a key, too little to use it.
    public static func hint(_ secret: String) -> String {
        guard secret.count >= 12 else { return "***" }
        let prefix = secret.hasPrefix("sk-") ? "sk-" : String(secret.prefix(3))
        return prefix + "..." + secret.suffix(4)
    }

    /// Compares two strings in time that depends only on their lengths.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        var (lhs, rhs) = (lhs, rhs)
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                guard left.count == right.count else { return false }
                // Every byte is compared, whatever the first difference: the time says nothing of where it is.
                var difference: UInt8 = 0
                for index in 0..<left.count { difference |= left[index] ^ right[index] }
                return difference == 0
            }
        }
    }
}
