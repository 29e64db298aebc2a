import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SwitchboardCore

/// A blocking HTTP/1.1 client on one TCP connection, for what URL clients hide: several requests
/// in one write (pipelining), a body sent in parts with pauses, a response read before the
/// request is finished, and whether the server closed the connection.
///
/// Use it inside ``RawHTTPConnection/onThread(_:)``: its blocking calls must not hold the
/// cooperative pool that the gateway under test and the other tests need.
final class RawHTTPConnection {
    struct Response: Sendable {
        let status: Int
        /// Header names in lower case.
        let headers: [String: String]
        let body: [UInt8]

        var json: JSONValue? { try? JSON.parse(body) }
    }

    /// How the connection ended, as a library client would not tell: an orderly close (FIN), a
    /// reset (RST, or a refused connection), a read that timed out, or another error.
    enum Ending: Equatable, Sendable {
        case closed
        case reset
        case timedOut
        case failed(Int32)
    }

    /// Why ``connect(port:timeout:)`` failed.
    struct ConnectFailure: Error {
        let ending: Ending
    }

    private let descriptor: Int32
    private var received: [UInt8] = []
    /// Set once the server closed or reset the connection (a timed-out read leaves it nil).
    private var ending: Ending?

    /// Connects to 127.0.0.1:`port`; every read gives up after `timeout` seconds.
    static func connect(port: Int, timeout: Int = 5) -> Swift.Result<RawHTTPConnection, ConnectFailure> {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return .failure(ConnectFailure(ending: .failed(errno))) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let failure = errno == ECONNREFUSED ? Ending.reset : .failed(errno)
            close(descriptor)
            return .failure(ConnectFailure(ending: failure))
        }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        return .success(RawHTTPConnection(descriptor: descriptor))
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Runs `body` on a thread of its own and returns its result.
    static func onThread<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    /// Sends all of `bytes`; false when the connection broke.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Closes the sending side only (a FIN to the server); reading goes on.
    func closeWrite() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Reads one whole response (a `Content-Length` or chunked body; none when `bodyless`, as a
    /// response to `HEAD` has none whatever its head says); nil on a timeout or a close before it
    /// was complete.
    func readResponse(bodyless: Bool = false) -> Response? {
        guard let headEnd = readUntil(Array("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: received[..<headEnd], as: UTF8.self)
        received.removeFirst(headEnd + 4)
        let lines = head.components(separatedBy: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body: [UInt8] = []
        if bodyless {
            return Response(status: status, headers: headers, body: body)
        } else if headers["transfer-encoding"]?.lowercased() == "chunked" {
            while true {
                guard let lineEnd = readUntil(Array("\r\n".utf8)) else { return nil }
                let size = Int(String(decoding: received[..<lineEnd], as: UTF8.self), radix: 16) ?? 0
                received.removeFirst(lineEnd + 2)
                guard readCount(size + 2) else { return nil }
                body += received[..<size]
                received.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else {
            let length = headers["content-length"].flatMap { Int($0) } ?? 0
            guard readCount(length) else { return nil }
            body = Array(received[..<length])
            received.removeFirst(length)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// Whether the server closed the connection (waiting up to the read timeout for it).
    func isClosedByServer() -> Bool {
        readUntilClosed().ending != .timedOut
    }

    /// Everything the server sends until it ends the connection or the read timeout passes
    /// without a byte (`.timedOut`).
    func readUntilClosed() -> (bytes: [UInt8], ending: Ending) {
        while fill() {}
        defer { received.removeAll() }
        return (received, ending ?? .timedOut)
    }

    private func readUntil(_ marker: [UInt8]) -> Int? {
        while true {
            if let index = firstIndex(of: marker) { return index }
            guard fill() else { return nil }
        }
    }

    private func readCount(_ count: Int) -> Bool {
        while received.count < count {
            guard fill() else { return false }
        }
        return true
    }

    private func firstIndex(of marker: [UInt8]) -> Int? {
        guard received.count >= marker.count else { return nil }
        for start in 0...(received.count - marker.count) where received[start..<(start + marker.count)].elementsEqual(marker) {
            return start
        }
        return nil
    }

    /// Reads what arrived; false on a timeout or once the connection ended.
    private func fill() -> Bool {
        guard ending == nil else { return false }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        if count > 0 {
            received += buffer[..<count]
            return true
        }
        if count == 0 {
            ending = .closed
        } else if errno != EAGAIN && errno != EWOULDBLOCK {
            ending = errno == ECONNRESET ? .reset : .failed(errno)
        }
        return false
    }
}
