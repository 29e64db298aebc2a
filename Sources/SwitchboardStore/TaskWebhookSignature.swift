import Crypto
import Foundation

/// Signs task webhooks the way receivers check them: `Switchboard-Signature: t=<unix seconds>,v1=<hex>`
/// where `<hex>` is HMAC-SHA256 of `"<t>.<body>"` under the operator's secret
/// (`SWITCHBOARD_WEBHOOK_SECRET`). The timestamp inside the signed text lets a receiver refuse replays.
///
/// It lives beside the store's other uses of Crypto (key hashes, sealed channel keys).
public enum TaskWebhookSignature {
    /// The header's name.
    public static let headerName = "Switchboard-Signature"

    /// The header's value for `body` sent at `timestamp` (unix seconds).
    public static func header(secret: String, timestamp: Int, body: [UInt8]) -> String {
        "t=\(timestamp),v1=\(hex(secret: secret, timestamp: timestamp, body: body))"
    }

    /// The hex HMAC-SHA256 of `"<timestamp>.<body>"`.
    public static func hex(secret: String, timestamp: Int, body: [UInt8]) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        let message = Array("\(timestamp).".utf8) + body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return mac.map { byte in String(byte, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// Whether `header` is a valid signature of `body` under `secret` (compared in constant time).
    public static func verify(header: String, secret: String, body: [UInt8]) -> Bool {
        var timestamp: Int?
        var signature: String?
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == "v1" { signature = pair[1] }
        }
        guard let timestamp, let signature else { return false }
        let expected = Array(hex(secret: secret, timestamp: timestamp, body: body).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
