/// The stream of `fault:huge-*` for a stream request, event by event: the dialect's opening
/// events, deltas of 16 KiB of filler, then its closing events once the whole stream (closing
/// included) reaches `target` bytes. It ends at most one delta event past `target`.
struct TestUpstreamHugeStream: IteratorProtocol {
    static let deltaSize = 16 * 1024

    let wire: TestUpstreamWire
    let framing: TestUpstreamFraming
    let target: Int
    /// Bytes handed out so far.
    private(set) var written = 0
    private var events = 0
    private var text = 0
    private var deltas = 0
    private var pending: [TestUpstreamBulkEvent]
    private var closed = false

    init(wire: TestUpstreamWire, framing: TestUpstreamFraming, target: Int) {
        self.wire = wire
        self.framing = framing
        self.target = target
        self.pending = TestUpstreamBulkAnswer.opening(wire: wire)
    }

    /// The framed pieces of the next event; nil after the last.
    mutating func next() -> [TestUpstreamBulkPiece]? {
        if !pending.isEmpty { return emit(pending.removeFirst()) }
        if closed { return nil }
        if written + closingSize < target {
            let event = TestUpstreamBulkAnswer.delta(wire: wire, text: .filler(Self.deltaSize), index: deltas)
            text += Self.deltaSize
            deltas += 1
            return emit(event)
        }
        closed = true
        pending = TestUpstreamBulkAnswer.closing(wire: wire, text: .filler(text), deltas: deltas)
        return pending.isEmpty ? nil : emit(pending.removeFirst())
    }

    private mutating func emit(_ event: TestUpstreamBulkEvent) -> [TestUpstreamBulkPiece] {
        var pieces = framing.frame(event, first: events == 0)
        events += 1
        if closed, pending.isEmpty { pieces += framing.closing }
        written += pieces.byteCount
        return pieces
    }

    private var closingSize: Int {
        TestUpstreamBulkAnswer.closing(wire: wire, text: .filler(text), deltas: deltas)
            .map { framing.frame($0, first: false).byteCount }.reduce(0, +) + framing.closing.byteCount
    }
}
