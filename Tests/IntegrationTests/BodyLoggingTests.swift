import Testing
import Logging
import Synchronization
import SwitchboardCore
import SwitchboardTesting

/// Prompts stay out of the log unless the operator sets `server.log_bodies: true`; then each
/// request's body is logged once, under the `x-request-id` its answer carries, whichever path
/// served it (the event-loop relay, the router after a hand-over, an error before any route).
/// Keys never reach the log.
@Suite("Request bodies in the log")
struct BodyLoggingTests {
    /// Every line the gateway logs, with its metadata as text.
    final class Capture: Sendable {
        let lines = Mutex<[(message: String, metadata: [String: String])]>([])

        var all: [(message: String, metadata: [String: String])] { lines.withLock { $0 } }
    }

    struct CapturingHandler: LogHandler {
        let capture: Capture
        var logLevel = Logger.Level.info
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }.mapValues { "\($0)" }
            capture.lines.withLock { $0.append((event.message.description, merged)) }
        }
    }

    @Test(arguments: [true, false])
    func bodiesAreLoggedOnlyWhenTurnedOnOnceUnderTheAnswersID(_ logBodies: Bool) async throws {
        let capture = Capture()
        var logger = Logger(label: "capture") { _ in CapturingHandler(capture: capture) }
        logger.logLevel = .info
        try await Stack.run(channels: Stack.channels(upstream:), customize: { $0.logBodies = logBodies }, logger: logger) { harness, _ in
            // Relayed on the event loop, handed over to the router (the mock translates), refused before routing.
            for (model, status) in [("gpt-4o-mini", 200), ("mock-1", 200), ("nobody-serves-this", 404)] {
                let secret = "secret prompt for \(model)"
                let body = Stack.chat(model, extra: ["messages": [["role": "user", "content": .string(secret)]]])
                let exchange = try await harness.post("/v1/chat/completions", json: body)
                #expect(exchange.status == status)
                let logged = capture.all.filter { $0.metadata["body"]?.contains(secret) == true }
                if logBodies {
                    #expect(logged.count == 1, "\(model): logged \(logged.count) times")
                    #expect(logged.first?.metadata["request_id"] == exchange.headers.first(name: "x-request-id"), "\(model)")
                } else {
                    // Not in the body metadata, nor anywhere else in any line.
                    #expect(logged.isEmpty, "\(model)")
                    #expect(!capture.all.contains { line in line.message.contains(secret) || line.metadata.values.contains { $0.contains(secret) } })
                }
            }
        }
        let keys = [GatewayHarness.clientKey, GatewayHarness.adminKey, "sk-upstream-secret"]
        #expect(!capture.all.contains { line in keys.contains { key in line.message.contains(key) || line.metadata.values.contains { $0.contains(key) } } })
    }
}
