import SwitchboardCore
import SwitchboardProviders
import SwitchboardStore
import NIOHTTP1
import Logging
import Foundation

/// Posts a task's object to its `webhook_url` when it ends, signed with
/// `Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
/// (``TaskWebhookSignature``). A 2xx answer is a delivery; anything else is retried by the poller
/// with a doubling backoff, up to ``maximumAttempts`` tries in all.
struct TaskWebhookSender: Sendable {
    let secret: String?
    let transport: UpstreamTransport
    let logger: Logger

    static let maximumAttempts = 5

    init(secret: String?, logger: Logger) {
        self.secret = secret
        self.transport = UpstreamTransport(timeouts: ChannelTimeouts(connect: 5, firstByte: 10, idle: 10, total: 15))
        self.logger = logger
    }

    /// Seconds to wait before the next try after `attempts` failed ones: 1, 2, 4, 8...
    static func backoff(afterAttempt attempts: Int) -> TimeInterval {
        pow(2, Double(max(0, attempts - 1)))
    }

    /// Sends the task object; true when the receiver answered 2xx.
    func deliver(_ task: JSONValue, to url: String) async -> Bool {
        guard let secret else {
            logger.error("A task webhook is due but SWITCHBOARD_WEBHOOK_SECRET is not set; it cannot be signed", metadata: ["url": "\(url)"])
            return false
        }
        let body = JSON.serialize(task)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "user-agent", value: "Switchboard-Webhook/1")
        headers.add(name: "switchboard-event", value: "task.\(task["status"]?.stringValue ?? "updated")")
        headers.add(
            name: TaskWebhookSignature.headerName,
            value: TaskWebhookSignature.header(secret: secret, timestamp: Int(Date().timeIntervalSince1970), body: body))
        do {
            let response = try await transport.send(method: .POST, url: url, headers: headers, body: body)
            _ = try? await response.collect(limit: 64 * 1024)
            guard (200..<300).contains(response.status) else {
                logger.info("A task webhook was refused; will retry", metadata: ["url": "\(url)", "status": "\(response.status)"])
                return false
            }
            return true
        } catch {
            logger.info("A task webhook could not be delivered; will retry", metadata: ["url": "\(url)", "error": "\(error.message)"])
            return false
        }
    }

    func shutdown() async {
        await transport.shutdown()
    }
}
