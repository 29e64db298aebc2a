import NIOCore
import NIOHTTP1

/// The request line and headers of requests to one endpoint, serialized once: a request is then
/// its bytes, its `Content-Length` and its body copied into one buffer, written in one flush.
///
/// NIO's request encoder would build and frame an `HTTPRequestHead` and write each header again
/// for every request, in three writes through the pipeline (about 28,000 instructions a request,
/// see BENCHMARKS.md); the chat relay sends the same head to a channel every time.
struct PlainHTTP1RequestHead: Sendable {
    /// What the connection's response decoder is shown of each request: it frames a response by
    /// its request's method (``PlainHTTP1RequestWriter``).
    let observed: HTTPRequestHead
    /// `METHOD path HTTP/1.1`, then every header but `Content-Length` and `Transfer-Encoding`
    /// (the body's length frames it), each line ending in CRLF.
    let prefix: [UInt8]

    /// The head of a `method` request to `endpoint` with `headers`, and `Host` unless they have it.
    init(endpoint: PlainHTTP1Client.Endpoint, method: HTTPMethod, headers: HTTPHeaders) {
        observed = HTTPRequestHead(version: .http1_1, method: method, uri: endpoint.path)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        bytes.append(contentsOf: method.rawValue.utf8)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: endpoint.path.utf8)
        bytes.append(contentsOf: " HTTP/1.1\r\n".utf8)
        if !headers.contains(name: "host") {
            Self.appendLine(name: "host", value: endpoint.hostHeader, to: &bytes)
        }
        for (name, value) in headers {
            let lowered = name.lowercased()
            guard lowered != "content-length", lowered != "transfer-encoding" else { continue }
            Self.appendLine(name: name, value: value, to: &bytes)
        }
        prefix = bytes
    }

    private static func appendLine(name: String, value: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: ": ".utf8)
        bytes.append(contentsOf: value.utf8)
        bytes.append(contentsOf: "\r\n".utf8)
    }

    private static let contentLength: StaticString = "content-length: "

    /// The whole request: this head, `Content-Length`, the blank line and `body`.
    func request(body: [UInt8]?, allocator: ByteBufferAllocator) -> ByteBuffer {
        let bodyBytes = body?.count ?? 0
        var buffer = allocator.buffer(capacity: prefix.count + Self.contentLength.utf8CodeUnitCount + 24 + bodyBytes)
        buffer.writeBytes(prefix)
        buffer.writeStaticString(Self.contentLength)
        buffer.writeString(String(bodyBytes))
        buffer.writeStaticString("\r\n\r\n")
        if let body { buffer.writeBytes(body) }
        return buffer
    }
}
