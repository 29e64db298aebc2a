import Testing
import Foundation
import SwitchboardCore
import SwitchboardTesting

/// Requests that never reach the router: before, headers over the limit got an empty `400`, a
/// stalled request (slowloris, a body that never finishes) a silent close, and a broken chunked
/// body a `500`. Each must get a 4xx in its endpoint's envelope.
@Suite("Requests that never reach the router")
struct IncompleteRequestTests {
    /// Sends `bytes` on a new connection and reads until the server closes it (or `limit` seconds
    /// pass without a byte).
    static func exchange(port: Int, _ bytes: [UInt8], limit: Int = 5) async -> (seconds: Double, response: String) {
        await RawHTTPConnection.onThread {
            guard let connection = try? RawHTTPConnection.connect(port: port, timeout: limit).get() else { return (0, "") }
            connection.send(bytes)
            let started = Date()
            let received = connection.readUntilClosed().bytes
            return (Date().timeIntervalSince(started), String(decoding: received, as: UTF8.self))
        }
    }

    static func port(_ harness: GatewayHarness) -> Int {
        Int(harness.baseURL.split(separator: ":").last!.prefix { $0.isNumber })!
    }

    /// The status and JSON body of a raw response.
    static func parse(_ response: String) -> (status: Int, body: JSONValue?) {
        let status = Int(response.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = response.range(of: "\r\n\r\n").flatMap { try? JSON.parse(String(response[$0.upperBound...])) }
        return (status, body)
    }

    static func head(_ path: String, _ extra: String = "") -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(GatewayHarness.clientKey)\r\n\(extra)"
    }

    @Test func headersOverTheLimitAre431InTheEndpointsEnvelope() async throws {
        try await Stack.run { harness, _ in
            let big = String(repeating: "x", count: 100_000)
            for (path, envelope) in [("/v1/chat/completions", "openai"), ("/v1/messages", "anthropic"), ("/v1beta/models/mock-1:generateContent", "gemini")] {
                let (_, response) = await Self.exchange(port: Self.port(harness), Array((Self.head(path, "X-Big: \(big)\r\n") + "\r\n").utf8))
                let (status, body) = Self.parse(response)
                #expect(status == 431, "\(path): \(response.prefix(200))")
                #expect(response.lowercased().contains("x-request-id: req_"))
                switch envelope {
                case "openai": #expect(body?["error"]?["code"]?.stringValue == "request_header_fields_too_large")
                case "anthropic": #expect(body?["type"]?.stringValue == "error")
                default: #expect(body?["error"]?["code"]?.intValue == 431)
                }
            }
            let health = try await harness.send(.GET, "/health", key: nil).status
            #expect(health == 200)
        }
    }

    @Test func bytesThatAreNotHTTPAreA400Envelope() async throws {
        try await Stack.run { harness, _ in
            let (_, response) = await Self.exchange(port: Self.port(harness), [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00])
            let (status, body) = Self.parse(response)
            #expect(status == 400)
            #expect(body?["error"]?["type"]?.stringValue == "invalid_request_error")
        }
    }

    @Test func aBrokenChunkedBodyIsA400NotA500() async throws {
        try await Stack.run { harness, _ in
            let request = Self.head("/v1/messages", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"mod\r\nZZZ\r\n")
            let (_, response) = await Self.exchange(port: Self.port(harness), Array(request.utf8))
            let (status, body) = Self.parse(response)
            #expect(status == 400, "\(response.prefix(300))")
            #expect(body?["error"]?["type"]?.stringValue == "invalid_request_error")
        }
    }

    @Test func aBodyThatNeverFinishesIsA408WhenTheConnectionIdles() async throws {
        try await Stack.run(customize: { $0.idleTimeout = 0.5 }) { harness, _ in
            let request = Self.head("/v1beta/models/mock-1:generateContent", "Content-Length: 100\r\n\r\n{\"contents\":")
            let (seconds, response) = await Self.exchange(port: Self.port(harness), Array(request.utf8))
            let (status, body) = Self.parse(response)
            #expect(status == 408, "\(response.prefix(300))")
            #expect(body?["error"]?["status"] != nil, "Gemini's envelope")
            #expect(seconds < 3)
        }
    }

    @Test func headersThatNeverFinishAreA408InTheEnvelopeOfTheirRequestLine() async throws {
        try await Stack.run(customize: { $0.idleTimeout = 0.5 }) { harness, _ in
            let (seconds, response) = await Self.exchange(port: Self.port(harness), Array("POST /v1/messages HTTP/1.1\r\nX-Slow: a".utf8))
            let (status, body) = Self.parse(response)
            #expect(status == 408, "\(response.prefix(300))")
            #expect(body?["error"]?["type"]?.stringValue == "invalid_request_error")
            #expect(body?["type"]?.stringValue == "error", "Anthropic's envelope")
            #expect(seconds < 3)
        }
    }

    @Test func anIdleConnectionBetweenRequestsIsClosedWithoutAnAnswer() async throws {
        try await Stack.run(customize: { $0.idleTimeout = 0.5 }) { harness, _ in
            let request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            let (seconds, response) = await Self.exchange(port: Self.port(harness), Array(request.utf8))
            #expect(response.hasPrefix("HTTP/1.1 200"))
            #expect(!response.contains("408"))
            #expect(seconds < 3)
        }
    }
}
