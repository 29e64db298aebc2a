import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SwitchboardTesting

@Suite("Slow clients")
struct SlowClientTests {
    /// Opens a TCP connection, sends `bytes`, and returns how long until the server closed it
    /// (nil when it stayed open for `limit` seconds).
    static func secondsUntilClosed(port: Int, sending bytes: String, limit: Int) -> Double? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        var timeout = timeval(tv_sec: limit, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = bytes.withCString { send(fd, $0, strlen($0), 0) }
        let started = Date()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return Date().timeIntervalSince(started) }
            if count < 0 { return errno == EAGAIN || errno == EWOULDBLOCK ? nil : Date().timeIntervalSince(started) }
        }
    }

    @Test func aClientThatStopsMidRequestIsDisconnected() async throws {
        try await Stack.run(customize: { $0.idleTimeout = 0.5 }) { harness, _ in
            let port = Int(harness.baseURL.split(separator: ":").last!)!
            let partial = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"model\":"
            let closedAfter = Self.secondsUntilClosed(port: port, sending: partial, limit: 5)
            #expect(closedAfter != nil, "a stalled request must not hold its connection")
            #expect((closedAfter ?? 99) < 3)
        }
    }
}
