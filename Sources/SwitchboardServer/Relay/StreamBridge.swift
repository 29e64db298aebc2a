import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders
import Synchronization

/// Runs a streaming relay in its own task and turns it into an HTTP response.
///
/// The producer first reaches the upstream; until it calls ``Sink/open()`` a failure becomes an
/// ordinary error response with the right status (never a 200 with an error inside). After that,
/// bytes flow to the client through a bounded ``RelayQueue`` as they are produced. The producer
/// task is cancelled as soon as the client disconnects (seen by ``ClientDisconnectObserver``) or a
/// write to it fails, which cancels the upstream request.
enum StreamBridge {
    /// What a producer writes into. The producer is cancelled when its client goes away or the
    /// gateway's shutdown deadline expires; ``Sink/failure(_:)`` tells which, and a stream cut by
    /// the deadline ends with the format's error event.
    struct Sink: Sendable {
        fileprivate let queue: RelayQueue
        fileprivate let opening: OpeningSignal
        fileprivate let interruption: ShutdownInterruption

        /// What ended the producer's work with `error`: nil when its client went away (the request
        /// is recorded as cancelled), else the failure to record and send: the shutdown deadline's
        /// when it interrupted the stream, or the error itself.
        func failure(_ error: any Error) -> GatewayError? {
            if interruption.isSet { return ShutdownDeadline.error }
            if Task.isCancelled { return nil }
            return StreamBridge.gatewayError(error)
        }

        /// Marks the stream as accepted: the response head (200, `text/event-stream`) goes out.
        func open() { opening.resolve(.success(())) }

        /// The response head went out: a failure from now on ends the stream in-band.
        var isOpen: Bool { opening.isOpen }

        /// Sends bytes to the client; waits while the client is behind. The first bytes open the
        /// stream if the producer has not: until then a failure is still an ordinary error
        /// response, which failover may retry on another channel.
        func write(_ bytes: [UInt8]) async {
            guard !bytes.isEmpty else { return }
            if !opening.isOpen { open() }
            await queue.push(ByteBuffer(bytes: bytes))
        }

        func write(_ event: ServerSentEvent) async { await write(event.encoded()) }
    }

    static let headers: HTTPFields = [
        .contentType: "text/event-stream; charset=utf-8",
        .cacheControl: "no-cache",
        HTTPField.Name("x-accel-buffering")!: "no",
    ]

    static func respond(
        context: SwitchboardRequestContext, shutdown: ShutdownDeadline,
        producer: @escaping @Sendable (Sink) async throws(GatewayError) -> Void
    ) async throws -> Response {
        let queue = RelayQueue()
        let opening = OpeningSignal()
        let interruption = ShutdownInterruption()
        let task = Task(executorPreference: EventLoopTaskExecutor(context.connection.eventLoop)) {
            do {
                try await producer(Sink(queue: queue, opening: opening, interruption: interruption))
                if Task.isCancelled && !interruption.isSet {
                    // The client went away before the stream opened; the producer recorded it.
                    opening.resolve(.failure(ClientWentAway()))
                } else {
                    opening.resolve(.failure(GatewayError(.upstreamUnavailable, "The upstream closed the stream before it started.")))
                }
                queue.finish()
            } catch {
                opening.resolve(.failure(error))
                queue.finish(.failure(error))
            }
        }
        let observer = context.disconnect
        let token = observer?.onClose { task.cancel() }
        let shutdownToken = shutdown.register {
            interruption.set()
            task.cancel()
        }
        do {
            try await opening.wait()
        } catch {
            observer?.remove(token)
            shutdown.remove(shutdownToken)
            throw error
        }
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer {
                observer?.remove(token)
                shutdown.remove(shutdownToken)
                queue.close()
                task.cancel()
            }
            while let buffer = try await queue.next() {
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        })
    }
}

/// A stream's client disconnected before the stream opened: the request is over (its producer
/// recorded it as cancelled), so failover must not try another channel nor count a failure
/// against this one.
struct ClientWentAway: Error {}

/// Resolves once: the stream opened, or it failed before opening.
final class OpeningSignal: Sendable {
    private enum State {
        case pending(UnsafeContinuation<Void, any Error>?)
        case resolved(Result<Void, any Error>)
    }

    private let state = Mutex(State.pending(nil))
    private let opened = Atomic(false)

    /// Resolved with success (read without the lock: checked on every write).
    var isOpen: Bool { opened.load(ordering: .acquiring) }

    func resolve(_ result: Result<Void, any Error>) {
        let waiting = state.withLock { state -> UnsafeContinuation<Void, any Error>? in
            guard case .pending(let continuation) = state else { return nil }
            state = .resolved(result)
            if case .success = result { opened.store(true, ordering: .releasing) }
            return continuation
        }
        waiting?.resume(with: result)
    }

    func wait() async throws {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
            let resolved = state.withLock { state -> Result<Void, any Error>? in
                switch state {
                case .pending:
                    state = .pending(continuation)
                    return nil
                case .resolved(let result):
                    return result
                }
            }
            if let resolved { continuation.resume(with: resolved) }
        }
    }
}

extension StreamBridge {
    /// Any error a stream producer meets, as the gateway reports it (an oversized SSE event is the
    /// upstream's fault, transport errors are mapped as everywhere).
    static func gatewayError(_ error: any Error) -> GatewayError {
        if let gatewayError = error as? GatewayError { return gatewayError }
        if let parserError = error as? SSEParserError, case .eventTooLarge(let limit) = parserError {
            return GatewayError(.upstreamUnavailable, "The upstream sent a stream event larger than \(limit) bytes.")
        }
        return UpstreamTransport.gatewayError(for: error)
    }
}
