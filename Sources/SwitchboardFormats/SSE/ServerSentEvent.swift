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
        if let event {
            output.append(contentsOf: "event: ".utf8)
            output.append(contentsOf: event.utf8)
            output.append(0x0A)
        }
        var lineStart = 0
        for index in 0...data.count where index == data.count || data[index] == 0x0A {
            output.append(contentsOf: "data: ".utf8)
            output.append(contentsOf: data[lineStart..<index])
            output.append(0x0A)
            lineStart = index + 1
        }
        output.append(0x0A)
        return output
    }
}
