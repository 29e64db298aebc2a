import HTTPTypes
import NIOCore
import Testing
@testable import SwitchboardServer

/// The gateway writes responses as HTTP/1.1 bytes itself: heads framed as NIO's encoder frames
/// them, chunks and the last chunk with trailers.
@Suite("HTTP/1.1 response heads")
struct HTTP1ResponseHeadTests {
    let allocator = ByteBufferAllocator()

    @Test func aHeadWithItsLengthIsFramedByIt() {
        let response = HTTPResponse(status: .ok, headerFields: [
            .contentType: "application/json", .contentLength: "2", HTTPField.Name("X-Request-Id")!: "req_1",
            .transferEncoding: "chunked",
        ])
        let (bytes, framing) = HTTP1BodyFraming.head(of: response, toConnect: false, allocator: allocator)
        #expect(framing == .contentLength)
        #expect(String(buffer: bytes) == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nX-Request-Id: req_1\r\n\r\n")
    }

    @Test func aHeadWithoutLengthIsChunked() {
        let response = HTTPResponse(status: .created, headerFields: [.contentType: "text/event-stream"])
        let (bytes, framing) = HTTP1BodyFraming.head(of: response, toConnect: false, allocator: allocator)
        #expect(framing == .chunked)
        #expect(String(buffer: bytes) == "HTTP/1.1 201 Created\r\nContent-Type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
    }

    @Test(arguments: [204, 304, 101, 103])
    func statusesWithoutBodyLoseTheirFraming(_ code: Int) {
        let response = HTTPResponse(status: .init(code: code), headerFields: [.contentLength: "10", .transferEncoding: "chunked", HTTPField.Name("ETag")!: "\"a\""])
        let (bytes, framing) = HTTP1BodyFraming.head(of: response, toConnect: false, allocator: allocator)
        #expect(framing == .none)
        #expect(String(buffer: bytes).hasSuffix("\r\nETag: \"a\"\r\n\r\n"))
        #expect(!String(buffer: bytes).contains("Content-Length") && !String(buffer: bytes).contains("chunked"))
    }

    @Test func aResponseToConnectHasNoBody() {
        let (_, framing) = HTTP1BodyFraming.head(of: HTTPResponse(status: .ok), toConnect: true, allocator: allocator)
        #expect(framing == .none)
    }

    /// A status made from its code alone (as errors are) gets the standard phrase.
    @Test(arguments: [(429, "Too Many Requests"), (502, "Bad Gateway"), (413, "Payload Too Large"), (599, "")])
    func statusLinesCarryTheStandardPhrase(_ code: Int, _ phrase: String) {
        let head = HTTP1ResponseHead(status: .init(code: code), allocator: allocator)
        #expect(String(buffer: head.end()) == "HTTP/1.1 \(code) \(phrase)\r\n\r\n")
    }

    @Test func aHeadIsWrittenWithTheBodyAfterIt() {
        var head = HTTP1ResponseHead(status: .ok, allocator: allocator, capacity: 8)
        head.add("content-length", "4")
        head.add([HTTPField.Name("x-one")!: "1"])
        let bytes = Array("body".utf8).withUnsafeBytes { head.end(body: $0) }
        #expect(String(buffer: bytes) == "HTTP/1.1 200 OK\r\ncontent-length: 4\r\nx-one: 1\r\n\r\nbody")
    }

    @Test func chunksAreFramedBySizeInHex() {
        var buffer = allocator.buffer(capacity: 16)
        HTTP1BodyFraming.writeChunkHeader(size: 4095, into: &buffer)
        #expect(String(buffer: buffer) == "fff\r\n")
        #expect(String(buffer: HTTP1BodyFraming.lastChunk(trailers: nil, allocator: allocator)) == "0\r\n\r\n")
        #expect(String(buffer: HTTP1BodyFraming.lastChunk(trailers: [:], allocator: allocator)) == "0\r\n\r\n")
        let trailers: HTTPFields = [HTTPField.Name("x-usage")!: "12"]
        #expect(String(buffer: HTTP1BodyFraming.lastChunk(trailers: trailers, allocator: allocator)) == "0\r\nx-usage: 12\r\n\r\n")
    }
}
