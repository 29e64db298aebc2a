import Foundation
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

extension TestUpstreamFaultsTests {
    /// What a client got: the status and headers (nil when the connection failed first), the body
    /// bytes that arrived with the time each chunk did, and the error that ended it, if any.
    struct Outcome: Sendable {
        var status: Int?
        var headers = HTTPHeaders()
        var body: [UInt8] = []
        var arrivals: [(bytes: Int, at: Duration)] = []
        /// What ended the exchange early, described.
        var error: String?
        var elapsed: Duration = .zero

        var json: JSONValue? { try? JSON.parse(body) }
        var events: [ServerSentEvent] {
            var parser = SSEParser()
            var events = (try? parser.feed(body)) ?? []
            if let last = parser.finish() { events.append(last) }
            return events
        }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    static let anthropicHeaders = [("x-api-key", "sk-ant-test"), ("anthropic-version", "2023-06-01")]
    static let geminiKey = [("x-goog-api-key", "AIza-test")]

    static func withUpstream(_ body: @Sendable (TestUpstream) async throws -> Void) async throws {
        let upstream = TestUpstream()
        try await upstream.start()
        do {
            try await body(upstream)
        } catch {
            await upstream.stop()
            throw error
        }
        await upstream.stop()
    }

    static func chat(_ model: String, stream: Bool = false) -> JSONValue {
        var body: JSONObject = ["model": .string(model), "messages": .array([.object(["role": "user", "content": "hi"])])]
        if stream { body["stream"] = .bool(true) }
        return .object(body)
    }

    static func anthropic(_ model: String, stream: Bool = false) -> JSONValue {
        var body: JSONObject = [
            "model": .string(model), "max_tokens": .int(64), "messages": .array([.object(["role": "user", "content": "hi"])]),
        ]
        if stream { body["stream"] = .bool(true) }
        return .object(body)
    }

    static let gemini: JSONValue = .object(["contents": .array([.object(["role": "user", "parts": .array([.object(["text": "hi"])])])])])

    /// Posts `json` and reads the answer as it arrives, keeping at most `keep` body bytes (the rest
    /// is counted in `arrivals` only); stops reading after `stopAfter` body bytes, closing the
    /// client, and gives up at `timeout`. Never throws: a failure is the outcome's `error`.
    static func send(
        _ url: String, json: JSONValue, headers: [(String, String)] = [], timeout: Duration = .seconds(10),
        keep: Int = 16 * 1024 * 1024, stopAfter: Int? = nil
    ) async -> Outcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: JSON.serialize(json)))
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let start = ContinuousClock.now
        var outcome = Outcome()
        do {
            let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
            let response = try await client.execute(request, deadline: .now() + .milliseconds(milliseconds))
            outcome.status = Int(response.status.code)
            outcome.headers = response.headers
            var received = 0
            for try await chunk in response.body {
                received += chunk.readableBytes
                outcome.arrivals.append((chunk.readableBytes, ContinuousClock.now - start))
                if outcome.body.count < keep { outcome.body += chunk.readableBytesView.prefix(keep - outcome.body.count) }
                if let stopAfter, received >= stopAfter { break }
            }
        } catch {
            outcome.error = String(describing: error)
        }
        outcome.elapsed = ContinuousClock.now - start
        try? await client.shutdown()
        return outcome
    }

    /// Waits up to `limit` for `condition`.
    static func eventually(within limit: Duration = .seconds(3), _ condition: () -> Bool) async -> Bool {
        let start = ContinuousClock.now
        while !condition() {
            if ContinuousClock.now - start > limit { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}

/// Sends one HTTP/1.1 request on a bare TCP connection (``RawHTTPConnection``) and reads until the
/// connection ends, telling an orderly close (FIN) from a reset (RST) — what an HTTP client library
/// does not tell apart.
enum RawHTTPExchange {
    typealias Ending = RawHTTPConnection.Ending

    struct Result: Sendable {
        var received: [UInt8]
        var ending: Ending
        var text: String { String(decoding: received, as: UTF8.self) }
    }

    static func post(port: Int, path: String, json: JSONValue, timeoutSeconds: Int = 10) async -> Result {
        let body = JSON.serialize(json)
        let head = "POST \(path) HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: \(body.count)\r\nconnection: close\r\n\r\n"
        let request = Array(head.utf8) + body
        return await RawHTTPConnection.onThread {
            switch RawHTTPConnection.connect(port: port, timeout: timeoutSeconds) {
            case .failure(let failure):
                return Result(received: [], ending: failure.ending)
            case .success(let connection):
                connection.send(request)
                let (received, ending) = connection.readUntilClosed()
                return Result(received: received, ending: ending)
            }
        }
    }
}
