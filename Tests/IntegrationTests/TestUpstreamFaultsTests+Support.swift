import Foundation
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting
#if canImport(Darwin)
import Darwin
private let streamSocket = SOCK_STREAM
#elseif canImport(Glibc)
import Glibc
private let streamSocket = Int32(SOCK_STREAM.rawValue)
#endif

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

/// A bare TCP client that sends one HTTP/1.1 request and reads until the connection ends, telling
/// an orderly close (FIN) from a reset (RST) — what an HTTP client library does not tell apart.
enum RawHTTPExchange {
    enum Ending: Equatable, Sendable {
        case closed
        case reset
        case timedOut
        case failed(Int32)
    }

    struct Result: Sendable {
        var received: [UInt8]
        var ending: Ending
        var text: String { String(decoding: received, as: UTF8.self) }
    }

    static func post(port: Int, path: String, json: JSONValue, timeoutSeconds: Int = 10) async -> Result {
        let body = JSON.serialize(json)
        let head = "POST \(path) HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: \(body.count)\r\nconnection: close\r\n\r\n"
        let request = Array(head.utf8) + body
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: exchange(port: port, request: request, timeoutSeconds: timeoutSeconds))
            }
        }
    }

    private static func exchange(port: Int, request: [UInt8], timeoutSeconds: Int) -> Result {
        let descriptor = socket(AF_INET, streamSocket, 0)
        guard descriptor >= 0 else { return Result(received: [], ending: .failed(errno)) }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return Result(received: [], ending: errno == ECONNREFUSED ? .reset : .failed(errno)) }
        _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[..<count]
                continue
            }
            if count == 0 { return Result(received: received, ending: .closed) }
            switch errno {
            case ECONNRESET: return Result(received: received, ending: .reset)
            case EAGAIN, EWOULDBLOCK: return Result(received: received, ending: .timedOut)
            case let code: return Result(received: received, ending: .failed(code))
            }
        }
    }
}
