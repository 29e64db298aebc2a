import HTTPTypes
import NIOCore

/// How a response's body is framed on the wire, decided by its head as NIO's response encoder
/// decides it: a `Content-Length`, chunks, or no body at all.
enum HTTP1BodyFraming {
    case contentLength
    case chunked
    /// 1xx, 204 and 304 responses, and any response to `CONNECT`.
    case none

    /// The head of a router response, framed: the framing fields that contradict the status or
    /// each other are left out, `Transfer-Encoding: chunked` added when the length is unknown.
    static func head(
        of response: HTTPResponse, toConnect: Bool, allocator: ByteBufferAllocator
    ) -> (bytes: ByteBuffer, framing: HTTP1BodyFraming) {
        let code = response.status.code
        let framing: HTTP1BodyFraming
        if toConnect || (100..<200).contains(code) || code == 204 || code == 304 {
            framing = .none
        } else if response.headerFields.contains(.contentLength) {
            framing = .contentLength
        } else {
            framing = .chunked
        }
        var head = HTTP1ResponseHead(status: response.status, allocator: allocator)
        for field in response.headerFields {
            switch field.name {
            case .transferEncoding: continue
            case .contentLength where framing == .none: continue
            default: head.add(field.name.rawName, field.value)
            }
        }
        if framing == .chunked { head.add("transfer-encoding", "chunked") }
        return (head.end(), framing)
    }

    /// A chunk's size line.
    static func writeChunkHeader(size: Int, into buffer: inout ByteBuffer) {
        buffer.writeString(String(size, radix: 16))
        buffer.writeStaticString("\r\n")
    }

    /// The last chunk, the trailers and the blank line that end a chunked body.
    static func lastChunk(trailers: HTTPFields?, allocator: ByteBufferAllocator) -> ByteBuffer {
        guard let trailers, !trailers.isEmpty else { return lastChunk }
        var buffer = allocator.buffer(capacity: 64)
        buffer.writeStaticString("0\r\n")
        for field in trailers { HTTP1ResponseHead.writeField(field.name.rawName, field.value, into: &buffer) }
        buffer.writeStaticString("\r\n")
        return buffer
    }

    private static let lastChunk = ByteBuffer(staticString: "0\r\n\r\n")
}
