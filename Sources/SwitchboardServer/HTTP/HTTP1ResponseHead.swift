import HTTPTypes
import NIOCore
import NIOHTTP1

/// A response head written as HTTP/1.1 bytes: the status line, the fields, the blank line.
///
/// The gateway serializes its responses itself (``ConnectionDispatcher``) instead of passing
/// each part through HTTPTypes' conversion and NIO's encoder: the event-loop relay writes a head
/// straight from its own few fields, and a router response's fields go to bytes without being
/// copied into NIO's `HTTPHeaders` first (see BENCHMARKS.md).
struct HTTP1ResponseHead {
    private(set) var buffer: ByteBuffer

    /// A head of `status`, with room for `capacity` bytes (head and whatever follows it).
    init(status: HTTPResponse.Status, allocator: ByteBufferAllocator, capacity: Int = 512) {
        buffer = allocator.buffer(capacity: capacity)
        switch status.code {
        case 200: buffer.writeStaticString("HTTP/1.1 200 OK\r\n")
        default:
            buffer.writeStaticString("HTTP/1.1 ")
            buffer.writeString(String(status.code))
            buffer.writeStaticString(" ")
            // A status made from its code alone has no phrase: the standard one, as NIO writes it.
            buffer.writeString(status.reasonPhrase.isEmpty ? HTTPResponseStatus(statusCode: status.code).reasonPhrase : status.reasonPhrase)
            buffer.writeStaticString("\r\n")
        }
    }

    mutating func add(_ name: String, _ value: String) {
        Self.writeField(name, value, into: &buffer)
    }

    /// One `name: value` line (a head's field, a chunked body's trailer).
    static func writeField(_ name: String, _ value: String, into buffer: inout ByteBuffer) {
        buffer.writeString(name)
        buffer.writeStaticString(": ")
        buffer.writeString(value)
        buffer.writeStaticString("\r\n")
    }

    mutating func add(_ fields: HTTPFields) {
        for field in fields { add(field.name.rawName, field.value) }
    }

    /// Ends the head with its blank line; `body` (already framed) follows it in the same buffer.
    consuming func end(body: UnsafeRawBufferPointer? = nil) -> ByteBuffer {
        buffer.writeStaticString("\r\n")
        if let body { buffer.writeBytes(body) }
        return buffer
    }
}
