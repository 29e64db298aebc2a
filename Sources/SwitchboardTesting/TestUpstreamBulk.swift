import Hummingbird
import NIOCore

/// A piece of a body: literal bytes, or a run of filler (`x`). Answers of many megabytes
/// (`fault:huge-*`) are described with filler and written chunk by chunk, never built whole.
enum TestUpstreamBulkPiece: Sendable {
    case bytes([UInt8])
    case filler(Int)

    init(_ text: String) { self = .bytes(Array(text.utf8)) }

    var count: Int {
        switch self {
        case .bytes(let bytes): bytes.count
        case .filler(let count): count
        }
    }
}

extension [TestUpstreamBulkPiece] {
    var byteCount: Int { reduce(0) { $0 + $1.count } }

    /// The pieces as bytes (for small bodies only).
    var bytes: [UInt8] {
        flatMap { piece -> [UInt8] in
            switch piece {
            case .bytes(let bytes): bytes
            case .filler(let count): [UInt8](repeating: UInt8(ascii: "x"), count: count)
            }
        }
    }
}

/// One stream event whose payload is made of bulk pieces, and its SSE event name.
struct TestUpstreamBulkEvent: Sendable {
    var event: String?
    var payload: [TestUpstreamBulkPiece]

    init(event: String? = nil, _ payload: [TestUpstreamBulkPiece]) {
        self.event = event
        self.payload = payload
    }
}

extension TestUpstreamFraming {
    /// `event` framed; `first` when it opens the stream (a JSON array's `[`).
    func frame(_ event: TestUpstreamBulkEvent, first: Bool) -> [TestUpstreamBulkPiece] {
        switch self {
        case .sse, .sseCRLF:
            let name = event.event.map { "event: \($0)\n" } ?? ""
            return [.init(name + "data: ")] + event.payload + [.init(self == .sse ? "\n\n" : "\r\n\r\n")]
        case .jsonArray:
            return [.init(first ? "[" : "\n,\n")] + event.payload
        }
    }

    /// What ends a stream after its events (a JSON array's `]`).
    var closing: [TestUpstreamBulkPiece] {
        self == .jsonArray ? [.init("\n]")] : []
    }
}

/// Writes bulk pieces in chunks of at most 64 KiB, checking before each write that the client is
/// still there and the upstream still running.
enum TestUpstreamBulkWriter {
    static let chunkSize = 64 * 1024
    private static let filler = ByteBuffer(repeating: UInt8(ascii: "x"), count: chunkSize)

    static func write(
        _ pieces: [TestUpstreamBulkPiece], to writer: inout any ResponseBodyWriter, connection: TestUpstreamConnection
    ) async throws {
        var buffer = ByteBufferAllocator().buffer(capacity: chunkSize)
        for piece in pieces {
            switch piece {
            case .bytes(let bytes):
                buffer.writeBytes(bytes)
            case .filler(var remaining):
                while remaining > 0 {
                    let length = Swift.min(remaining, Swift.max(chunkSize - buffer.readableBytes, 0))
                    if length == 0 {
                        try await flush(&buffer, to: &writer, connection: connection)
                        continue
                    }
                    var slice = filler.getSlice(at: 0, length: length)!
                    buffer.writeBuffer(&slice)
                    remaining -= length
                }
            }
            if buffer.readableBytes >= chunkSize { try await flush(&buffer, to: &writer, connection: connection) }
        }
        if buffer.readableBytes > 0 { try await flush(&buffer, to: &writer, connection: connection) }
    }

    private static func flush(
        _ buffer: inout ByteBuffer, to writer: inout any ResponseBodyWriter, connection: TestUpstreamConnection
    ) async throws {
        try connection.check()
        try await writer.write(buffer)
        buffer = ByteBufferAllocator().buffer(capacity: chunkSize)
    }
}
