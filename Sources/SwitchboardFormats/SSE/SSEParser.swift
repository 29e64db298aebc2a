import SwitchboardCore

/// Incremental parser of a `text/event-stream` body, fed bytes as they arrive.
///
/// Follows the WHATWG rules the providers rely on: `\n`, `\r\n` or `\r` line ends, events closed
/// by a blank line, multi-line `data`, comments (`:`) ignored, one optional space after the colon.
/// The one parser every format's stream decoder uses.
///
/// The bytes of an event's data stay in the parser's buffer until the event is handed on, so a
/// relay that reads each event where it lies (``feed(_:each:)``) copies nothing per event.
public struct SSEParser: Sendable {
    /// Bytes fed and not yet dropped: the open event's data lines, then the unread rest.
    private var pending: [UInt8] = []
    /// Where the bytes no line has been read from begin in `pending`.
    private var unread = 0
    /// How far `pending` has been searched for a line end (only new bytes can hold one).
    private var scanned = 0
    private var eventType: String?
    private var eventID: String?
    /// The open event's data lines, as ranges of `pending`.
    private var dataLines: [Range<Int>] = []
    private var sawFieldInEvent = false
    private var skipLeadingNewline = false

    /// The largest event accepted; a longer unterminated line is an error, not unbounded memory.
    public let maximumEventBytes: Int

    public init(maximumEventBytes: Int = 16 * 1024 * 1024) {
        self.maximumEventBytes = maximumEventBytes
    }

    /// Feeds bytes and returns the events they complete.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(SSEParserError) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        try feed(bytes) { event in
            events.append(ServerSentEvent(copying: event))
            return true
        }
        return events
    }

    /// Feeds bytes and hands each event they complete to `body`, its data where the parser holds
    /// it (valid only during the call). `body` returns false to stop: the bytes after that event
    /// are then left unread, for a stream that will not be read further.
    public mutating func feed(
        _ bytes: some Collection<UInt8>, each body: (SSEEventBytes) -> Bool
    ) throws(SSEParserError) {
        // Copied in one block when the bytes are contiguous (a `ByteBuffer`'s view is), rather
        // than element by element.
        if bytes.withContiguousStorageIfAvailable({ pending.append(contentsOf: $0) }) == nil {
            pending.append(contentsOf: bytes)
        }
        var lineStart = unread
        var stopped = false
        while !stopped, let end = Self.lineEnd(in: pending, from: max(scanned, lineStart)) {
            // The usual event, one `data` line and a blank line (`data: …\n\n`), is handed on
            // from here when no other line of it came before.
            if end + 1 < pending.count, pending[end] == 0x0A, pending[end + 1] == 0x0A, !sawFieldInEvent, !skipLeadingNewline,
               let value = Self.dataValue(of: lineStart..<end, in: pending)
            {
                lineStart = end + 2
                let id = eventID
                stopped = !pending.withUnsafeBytes {
                    body(SSEEventBytes(event: nil, id: id, data: UnsafeRawBufferPointer(rebasing: $0[value]), isOneLine: true))
                }
                continue
            }
            let byte = pending[end]
            if skipLeadingNewline {
                skipLeadingNewline = false
                if byte == 0x0A, end == lineStart {
                    lineStart += 1
                    continue
                }
            }
            skipLeadingNewline = byte == 0x0D
            let line = lineStart..<end
            lineStart = end + 1
            if processLine(line) { stopped = !dispatch(body) }
        }
        // Bytes before the open event's first data line (or, without one, before the unread
        // rest) are done with.
        let keep = min(dataLines.first?.lowerBound ?? lineStart, lineStart)
        if keep > 0 {
            pending.removeFirst(keep)
            for index in dataLines.indices { dataLines[index] = dataLines[index].lowerBound - keep..<dataLines[index].upperBound - keep }
        }
        unread = lineStart - keep
        scanned = pending.count
        if pending.count > maximumEventBytes { throw SSEParserError.eventTooLarge(maximumEventBytes) }
    }

    /// The offset of the first `\n` or `\r` at or after `start`.
    private static func lineEnd(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBytes { ByteWord.firstLineBreak(in: $0, from: start) }
    }

    /// Returns the event left open when the stream ended without a final blank line, if any.
    public mutating func finish() -> ServerSentEvent? {
        if unread < pending.count {
            _ = processLine(unread..<pending.count)
            unread = pending.count
        }
        var last: ServerSentEvent?
        _ = dispatch { event in
            last = ServerSentEvent(copying: event)
            return true
        }
        pending.removeAll()
        dataLines.removeAll()
        unread = 0
        scanned = 0
        return last
    }

    /// Reads one line of `pending`; true when it is the blank line that ends an event.
    private mutating func processLine(_ line: Range<Int>) -> Bool {
        if line.isEmpty { return true }
        let first = pending[line.lowerBound]
        if first == UInt8(ascii: ":") { return false }
        sawFieldInEvent = true
        // `data` first: almost every line of every stream is one.
        if let value = Self.dataValue(of: line, in: pending) {
            dataLines.append(value)
            return false
        }
        let colon = pending[line].firstIndex(of: UInt8(ascii: ":"))
        let name = pending[line.lowerBound..<(colon ?? line.upperBound)]
        let value = colon.map { Self.value(after: $0, in: line, of: pending) } ?? line.upperBound..<line.upperBound
        if name.elementsEqual(Self.dataField) {
            dataLines.append(value)
        } else if name.elementsEqual(Self.eventField) {
            eventType = String(decoding: pending[value], as: UTF8.self)
        } else if name.elementsEqual(Self.idField) {
            eventID = String(decoding: pending[value], as: UTF8.self)
        }
        return false
    }

    /// The value of a `data` field when `line` is one written as `data:` (the way every stream
    /// writes it), else nil.
    private static func dataValue(of line: Range<Int>, in bytes: [UInt8]) -> Range<Int>? {
        guard line.count >= 5, bytes[line.lowerBound] == UInt8(ascii: "d"), bytes[line.lowerBound + 1] == UInt8(ascii: "a"),
              bytes[line.lowerBound + 2] == UInt8(ascii: "t"), bytes[line.lowerBound + 3] == UInt8(ascii: "a"),
              bytes[line.lowerBound + 4] == UInt8(ascii: ":")
        else { return nil }
        return value(after: line.lowerBound + 4, in: line, of: bytes)
    }

    /// A field's value: what follows its colon, less one leading space.
    private static func value(after colon: Int, in line: Range<Int>, of bytes: [UInt8]) -> Range<Int> {
        var start = colon + 1
        if start < line.upperBound, bytes[start] == 0x20 { start += 1 }
        return start..<line.upperBound
    }

    private static let dataField = Array("data".utf8)
    private static let eventField = Array("event".utf8)
    private static let idField = Array("id".utf8)

    /// Hands on the open event, if it has anything to hand on, and starts the next; returns what
    /// `body` returned (true when there was no event).
    private mutating func dispatch(_ body: (SSEEventBytes) -> Bool) -> Bool {
        let type = eventType
        let hasEvent = sawFieldInEvent && (!dataLines.isEmpty || type != nil)
        let lineCount = dataLines.count
        let firstLine = dataLines.first ?? 0..<0
        // Data of several lines is joined into one copy (rare: providers send one line each).
        var joined: [UInt8] = []
        if hasEvent, lineCount > 1 {
            for (index, line) in dataLines.enumerated() {
                if index > 0 { joined.append(0x0A) }
                joined.append(contentsOf: pending[line])
            }
        }
        eventType = nil
        dataLines.removeAll(keepingCapacity: true)
        sawFieldInEvent = false
        guard hasEvent else { return true }
        let id = eventID
        if lineCount > 1 {
            return joined.withUnsafeBytes { body(SSEEventBytes(event: type, id: id, data: $0, isOneLine: false)) }
        }
        return pending.withUnsafeBytes {
            body(SSEEventBytes(event: type, id: id, data: UnsafeRawBufferPointer(rebasing: $0[firstLine]), isOneLine: true))
        }
    }
}

/// One event as ``SSEParser/feed(_:each:)`` hands it on: its data's bytes are the parser's, valid
/// only during the call.
public struct SSEEventBytes {
    public let event: String?
    public let id: String?
    /// The data lines, joined by `\n`.
    public let data: UnsafeRawBufferPointer
    /// The data was one line, so it holds no line break (the parser ends lines at each).
    public let isOneLine: Bool
}

extension ServerSentEvent {
    /// An event the parser handed on, its data copied out of the parser's buffer.
    public init(copying event: SSEEventBytes) {
        self.init(event: event.event, data: Array(event.data), id: event.id)
    }
}

/// A stream that breaks the event-stream rules badly enough to stop reading it.
public enum SSEParserError: Error, Sendable, Equatable {
    case eventTooLarge(Int)
}
