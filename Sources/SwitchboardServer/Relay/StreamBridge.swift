import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardFormats
import Synchronization

/// Runs a streaming relay in its own task and turns it into an HTTP response.
///
/// The producer first reaches the upstream; until it calls ``Sink/open()`` a failure becomes an
/// ordinary error response with the right status (never a 200 with an error inside). After that,
/// bytes flow to the client as they are produced. The producer task is cancelled as soon as the
/// client disconnects (seen by ``ClientDisconnectObserver``) or a write to it fails, which cancels
/// the upstream request.
enum StreamBridge {
    enum Item: Sendable {
        case open
        case bytes(ByteBuffer)
    }

    /// What a producer writes into.
    struct Sink: Sendable {
        fileprivate let continuation: AsyncThrowingStream<Item, any Error>.Continuation

        /// Marks the stream as accepted: the response head (200, `text/event-stream`) goes out.
        func open() { continuation.yield(.open) }

        func write(_ bytes: [UInt8]) { continuation.yield(.bytes(ByteBuffer(bytes: bytes))) }

        func write(_ event: ServerSentEvent) { write(event.encoded()) }
    }

    /// Iterators are used from the handler, then from the body writer: one at a time.
    private final class IteratorBox: @unchecked Sendable {
        var iterator: AsyncThrowingStream<Item, any Error>.AsyncIterator
        init(_ iterator: AsyncThrowingStream<Item, any Error>.AsyncIterator) { self.iterator = iterator }
    }

    static func respond(
        context: SwitchboardRequestContext,
        producer: @escaping @Sendable (Sink) async throws(GatewayError) -> Void
    ) async throws -> Response {
        let (stream, continuation) = AsyncThrowingStream<Item, any Error>.makeStream(bufferingPolicy: .unbounded)
        let task = Task {
            do {
                try await producer(Sink(continuation: continuation))
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        let observer = await ClientDisconnectObserver.find(on: context.connection)
        let token = observer?.onClose { task.cancel() }
        let box = IteratorBox(stream.makeAsyncIterator())
        do {
            guard case .open? = try await box.iterator.next() else {
                observer?.remove(token)
                throw GatewayError(.upstreamUnavailable, "The upstream closed the stream before it started.")
            }
        } catch {
            observer?.remove(token)
            throw error
        }
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8",
            .cacheControl: "no-cache",
            HTTPField.Name("x-accel-buffering")!: "no",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer {
                observer?.remove(token)
                task.cancel()
            }
            while let item = try await box.iterator.next() {
                if case .bytes(let buffer) = item {
                    try await writer.write(buffer)
                }
            }
            try await writer.finish(nil)
        })
    }
}
