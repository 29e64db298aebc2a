import NIOCore

/// The body of a request too large to hold before dispatch (or of unknown length), handed to the
/// handler as it arrives: an async sequence of buffers with back pressure, so a client uploading
/// faster than the handler reads is stopped at the socket instead of filling memory.
///
/// ``ConnectionDispatcher`` yields into ``source`` on the connection's event loop; the delegate
/// tells it when to read again and when the handler stopped reading (the rest is then dropped).
enum StreamedRequestBody {
    typealias Producer = NIOThrowingAsyncSequenceProducer<
        ByteBuffer, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, Delegate
    >

    /// Calls back on the connection's event loop.
    struct Delegate: NIOAsyncSequenceProducerDelegate {
        let eventLoop: any EventLoop
        let produceMoreOnLoop: @Sendable () -> Void
        let didTerminateOnLoop: @Sendable () -> Void

        func produceMore() {
            if eventLoop.inEventLoop { produceMoreOnLoop() } else { eventLoop.execute(produceMoreOnLoop) }
        }

        func didTerminate() {
            if eventLoop.inEventLoop { didTerminateOnLoop() } else { eventLoop.execute(didTerminateOnLoop) }
        }
    }

    /// Buffers held before the socket stops being read: a few reads' worth.
    static let strategy = NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark(lowWatermark: 2, highWatermark: 8)

    static func make(delegate: Delegate) -> (sequence: Producer, source: Producer.Source) {
        let made = Producer.makeSequence(backPressureStrategy: strategy, finishOnDeinit: false, delegate: delegate)
        return (made.sequence, made.source)
    }
}
