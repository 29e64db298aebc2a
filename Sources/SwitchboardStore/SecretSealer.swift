import Crypto
public import Foundation

/// Seals secrets kept in the store (channel API keys) with AES-GCM under a key from the
/// environment (`SWITCHBOARD_ENCRYPTION_KEY`), so a copy of the database alone does not give away
/// the upstream keys. Without a key, secrets are stored as given (and the README says so).
public struct SecretSealer: Sendable {
    /// The 256-bit key, as bytes (`SymmetricKey` is not `Sendable`).
    private let keyBytes: [UInt8]

    /// A sealer whose key is derived (SHA-256) from the operator's passphrase or random string.
    public init(passphrase: String) {
        keyBytes = Array(SHA256.hash(data: Data(passphrase.utf8)))
    }

    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// The sealer configured by the environment, or nil when no key is set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SecretSealer? {
        guard let passphrase = environment["SWITCHBOARD_ENCRYPTION_KEY"], !passphrase.isEmpty else { return nil }
        return SecretSealer(passphrase: passphrase)
    }

    /// `v1:` and the base64 of nonce, ciphertext and tag.
    public func seal(_ secret: String) throws -> String {
        let box = try AES.GCM.seal(Data(secret.utf8), using: key)
        guard let combined = box.combined else { throw SecretSealerError.cannotSeal }
        return "v1:" + combined.base64EncodedString()
    }

    public func open(_ sealed: String) throws -> String {
        guard sealed.hasPrefix("v1:"), let data = Data(base64Encoded: String(sealed.dropFirst(3))) else {
            throw SecretSealerError.notSealed
        }
        let plain = try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: key)
        return String(decoding: plain, as: UTF8.self)
    }
}

/// A sealed secret that cannot be made or read (wrong key, damaged value).
public enum SecretSealerError: Error, Sendable {
    case cannotSeal
    case notSealed
}
