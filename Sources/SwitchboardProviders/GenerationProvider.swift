public import SwitchboardCore

/// A backend that produces generations in the canonical model directly (the built-in mock, and
/// upstream adapters that translate), as opposed to a wire upstream relayed byte for byte.
public protocol GenerationProvider: Sendable {
    func generate(_ request: GenerationRequest) async throws(GatewayError) -> GenerationResponse
    /// The events of one streamed generation. Nothing is sent upstream until the first `next()`;
    /// events are pulled as the consumer asks for them, so a slow client holds the upstream back.
    func stream(_ request: GenerationRequest) -> GenerationEvents
}

/// Where the events of a streamed generation come from, pulled one at a time.
public protocol GenerationEventSource {
    /// The next event, nil at the end; throws a ``GatewayError`` when the generation failed.
    mutating func next() async throws -> StreamEvent?
}

/// The canonical events of one streamed generation, as an `AsyncSequence` pulled by the relay.
public struct GenerationEvents: AsyncSequence, Sendable {
    public typealias Element = StreamEvent
    private let makeSource: @Sendable () -> any GenerationEventSource

    /// Events produced on demand by a source made when iteration begins.
    public init(_ makeSource: @escaping @Sendable () -> any GenerationEventSource) {
        self.makeSource = makeSource
    }

    /// Events known in advance (the mock).
    public init(events: [StreamEvent]) {
        self.init { FixedEvents(events: events[...]) }
    }

    public func makeAsyncIterator() -> Iterator { Iterator(source: makeSource()) }

    public struct Iterator: AsyncIteratorProtocol {
        var source: any GenerationEventSource

        public mutating func next() async throws -> StreamEvent? { try await source.next() }
    }

    struct FixedEvents: GenerationEventSource {
        var events: ArraySlice<StreamEvent>
        mutating func next() async throws -> StreamEvent? { events.popFirst() }
    }
}
