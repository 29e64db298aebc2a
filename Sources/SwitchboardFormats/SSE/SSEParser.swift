import SwitchboardCore

/// Incremental parser of a `text/event-stream` body, fed bytes as they arrive.
///
/// Follows the WHATWG rules the providers rely on: `\n`, `\r\n` or `\r` line ends, events closed
/// by a blank line, multi-line `data`, comments (`:`) ignored, one optional space after the colon.
/// The one parser every format's stream decoder uses.
public struct SSEParser: Sendable {
    private var pending: [UInt8] = []
    private var scanned = 0
    private var eventType: String?
    private var eventID: String?
    private var dataLines: [[UInt8]] = []
    private var sawFieldInEvent = false
    private var skipLeadingNewline = false

    /// The largest event accepted; a longer unterminated line is an error, not unbounded memory.
    public let maximumEventBytes: Int

    public init(maximumEventBytes: Int = 16 * 1024 * 1024) {
        self.maximumEventBytes = maximumEventBytes
    }

    /// Feeds bytes and returns the events they complete.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(SSEParserError) -> [ServerSentEvent] {
        // Copied in one block when the bytes are contiguous (a `ByteBuffer`'s view is), rather
        // than element by element.
        if bytes.withContiguousStorageIfAvailable({ pending.append(contentsOf: $0) }) == nil {
            pending.append(contentsOf: bytes)
        }
        var events: [ServerSentEvent] = []
        var lineStart = 0
        // Only the bytes not scanned by an earlier call can hold a new line end.
        while let end = Self.lineEnd(in: pending, from: max(scanned, lineStart)) {
            let byte = pending[end]
            if skipLeadingNewline {
                skipLeadingNewline = false
                if byte == 0x0A, end == lineStart {
                    lineStart += 1
                    continue
                }
            }
            if let event = processLine(pending[lineStart..<end]) { events.append(event) }
            skipLeadingNewline = byte == 0x0D
            lineStart = end + 1
        }
        pending.removeFirst(lineStart)
        scanned = pending.count
        if pending.count > maximumEventBytes { throw SSEParserError.eventTooLarge(maximumEventBytes) }
        return events
    }

    /// The offset of the first `\n` or `\r` at or after `start`.
    private static func lineEnd(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBytes { ByteWord.firstLineBreak(in: $0, from: start) }
    }

    /// Returns the event left open when the stream ended without a final blank line, if any.
    public mutating func finish() -> ServerSentEvent? {
        if !pending.isEmpty {
            _ = processLine(pending[...])
            pending.removeAll()
            scanned = 0
        }
        return dispatch()
    }

    private mutating func processLine(_ line: ArraySlice<UInt8>) -> ServerSentEvent? {
        if line.isEmpty { return dispatch() }
        if line.first == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let name = colon.map { line[line.startIndex..<$0] } ?? line
        var value = colon.map { line[($0 + 1)...] } ?? []
        if value.first == 0x20 { value = value.dropFirst() }
        sawFieldInEvent = true
        if name.elementsEqual(Self.dataField) {
            dataLines.append(Array(value))
        } else if name.elementsEqual(Self.eventField) {
            eventType = String(decoding: value, as: UTF8.self)
        } else if name.elementsEqual(Self.idField) {
            eventID = String(decoding: value, as: UTF8.self)
        }
        return nil
    }

    private static let dataField = Array("data".utf8)
    private static let eventField = Array("event".utf8)
    private static let idField = Array("id".utf8)

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            eventType = nil
            dataLines.removeAll(keepingCapacity: true)
            sawFieldInEvent = false
        }
        guard sawFieldInEvent, !dataLines.isEmpty || eventType != nil else { return nil }
        if dataLines.count == 1 { return ServerSentEvent(event: eventType, data: dataLines[0], id: eventID) }
        var data: [UInt8] = []
        for (index, line) in dataLines.enumerated() {
            if index > 0 { data.append(0x0A) }
            data.append(contentsOf: line)
        }
        return ServerSentEvent(event: eventType, data: data, id: eventID)
    }
}

/// A stream that breaks the event-stream rules badly enough to stop reading it.
public enum SSEParserError: Error, Sendable, Equatable {
    case eventTooLarge(Int)
}
