import HTTPTypes
import Hummingbird
import NIOCore

/// A request task's handle on its connection: writes the response through the
/// ``ConnectionDispatcher`` on the connection's event loop. The task normally runs on that loop
/// already (its executor preference), so a write is a direct call; from anywhere else it hops.
struct DispatchedResponse: Sendable {
    let dispatcher: NIOLoopBound<ConnectionDispatcher>
    let generation: Int

    private var eventLoop: any EventLoop { dispatcher.eventLoop }

    /// Writes the whole response: its head (with `Date`), then its body as the body produces it.
    /// A body that fails half-way ends the connection, since the response cannot be completed.
    func send(_ response: Response) async {
        var stamped = response.head
        stamped.headerFields[.date] = HTTPDateHeader.now
        let head = stamped
        let writer = ChannelResponseBodyWriter(response: self, flushesEachWrite: response.body.contentLength == nil)
        let generation = generation
        do {
            try await onLoop { try $0.writeHead(head, generation: generation) }
            try await response.body.write(writer)
            try await onLoop { $0.finishIfOpen(generation: generation) }
        } catch {
            try? await onLoop { $0.abandon(generation: generation) }
        }
    }

    func writeBody(_ buffer: ByteBuffer, flush: Bool) async throws {
        let generation = generation
        let writable = try await onLoop { try $0.writeBody(buffer, flush: flush, generation: generation) }
        guard !writable else { return }
        let dispatcher = dispatcher
        try await withUnsafeThrowingContinuation { continuation in
            if dispatcher.eventLoop.inEventLoop {
                dispatcher.value.waitUntilWritable(continuation)
            } else {
                dispatcher.eventLoop.execute { dispatcher.value.waitUntilWritable(continuation) }
            }
        }
    }

    func finish(_ trailers: HTTPFields?) async throws {
        let generation = generation
        try await onLoop { try $0.finish(trailers, generation: generation) }
    }

    private func onLoop<Result: Sendable>(
        _ body: @escaping @Sendable (ConnectionDispatcher) throws -> Result
    ) async throws -> Result {
        if eventLoop.inEventLoop { return try body(dispatcher.value) }
        let dispatcher = dispatcher
        return try await eventLoop.submit { try body(dispatcher.value) }.get()
    }
}

/// The body writer handed to a response: writes go to the connection through
/// ``DispatchedResponse``, flushed per write for a streamed body (unknown length).
struct ChannelResponseBodyWriter: ResponseBodyWriter {
    let response: DispatchedResponse
    let flushesEachWrite: Bool

    mutating func write(_ buffer: ByteBuffer) async throws {
        try await response.writeBody(buffer, flush: flushesEachWrite)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await response.finish(trailingHeaders)
    }
}
