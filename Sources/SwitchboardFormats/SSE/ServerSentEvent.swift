/// One Server-Sent Event, with its data kept as bytes so relaying it costs no string conversion.
public struct ServerSentEvent: Sendable, Equatable {
    public var event: String?
    public var data: [UInt8]
    public var id: String?

    public init(event: String? = nil, data: [UInt8], id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }

    public init(event: String? = nil, data: String) {
        self.init(event: event, data: Array(data.utf8))
    }

    public var dataString: String { String(decoding: data, as: UTF8.self) }

    /// The wire form: optional `event:` line, one `data:` line per data line, a blank line.
    public func encoded() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(data.count + 16)
        encode(into: &output)
        return output
    }

    /// Appends the wire form (``encoded()``) to `output`, so a relay that sends several events
    /// in one write builds no array per event.
    public func encode(into output: inout [UInt8]) {
        if let event {
            output.append(contentsOf: "event: ".utf8)
            output.append(contentsOf: event.utf8)
            output.append(0x0A)
        }
        Self.appendDataLines(data[...], to: &output)
        output.append(0x0A)
    }

    /// `data: ` lines for `data`, one per line of it.
    static func appendDataLines(_ data: ArraySlice<UInt8>, to output: inout [UInt8]) {
        var lineStart = data.startIndex
        while let newline = data[lineStart...].firstIndex(of: 0x0A) {
            output.append(contentsOf: "data: ".utf8)
            output.append(contentsOf: data[lineStart..<newline])
            output.append(0x0A)
            lineStart = newline + 1
        }
        output.append(contentsOf: "data: ".utf8)
        output.append(contentsOf: data[lineStart...])
        output.append(0x0A)
    }
}
