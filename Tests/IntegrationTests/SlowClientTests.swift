import Testing
import Foundation
import SwitchboardTesting

@Suite("Slow clients")
struct SlowClientTests {
    /// Opens a TCP connection, sends `bytes`, and returns how long until the server closed it
    /// (nil when it stayed open for `limit` seconds).
    static func secondsUntilClosed(port: Int, sending bytes: String, limit: Int) async -> Double? {
        await RawHTTPConnection.onThread {
            guard let connection = try? RawHTTPConnection.connect(port: port, timeout: limit).get() else { return nil }
            connection.send(bytes)
            let started = Date()
            return connection.readUntilClosed().ending != .timedOut ? Date().timeIntervalSince(started) : nil
        }
    }

    @Test func aClientThatStopsMidRequestIsDisconnected() async throws {
        try await Stack.run(customize: { $0.idleTimeout = 0.5 }) { harness, _ in
            let port = Int(harness.baseURL.split(separator: ":").last!)!
            let partial = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"model\":"
            let closedAfter = await Self.secondsUntilClosed(port: port, sending: partial, limit: 5)
            #expect(closedAfter != nil, "a stalled request must not hold its connection")
            #expect((closedAfter ?? 99) < 3)
        }
    }
}
