import Testing
import SwitchboardFormats
import SwitchboardTesting

@Suite("SSE parser")
struct SSEParserTests {
    @Test func parsesEventsWithEveryLineEnding() throws {
        for separator in ["\n", "\r\n", "\r"] {
            var parser = SSEParser()
            let text = ["event: ping", "data: one", "", ": comment", "data: two", "data: lines", "", ""].joined(separator: separator)
            let events = try parser.feed(Array(text.utf8))
            #expect(events.count == 2, "separator \(separator.debugDescription)")
            #expect(events.first?.event == "ping")
            #expect(events.first?.dataString == "one")
            #expect(events.last?.dataString == "two\nlines")
        }
    }

    @Test func eventsSplitAcrossChunksAtEveryByteAreReassembled() throws {
        let body = try Fixtures.streamBody("openai/chat-stream-parallel-tool-calls-include-usage.sse")
        var whole = SSEParser()
        let expected = try whole.feed(body)
        var parser = SSEParser()
        var events: [ServerSentEvent] = []
        for byte in body { events += try parser.feed([byte]) }
        #expect(events == expected)
        #expect(expected.last?.dataString == "[DONE]")
        #expect(expected.count > 10)
    }

    @Test func geminiStyleCRLFSeparatorsAreHandledAcrossChunks() throws {
        var parser = SSEParser()
        var events = try parser.feed(Array("data: {\"a\":1}\r".utf8))
        events += try parser.feed(Array("\n\r\ndata: {\"b\":2}\r\n\r\n".utf8))
        #expect(events.map(\.dataString) == ["{\"a\":1}", "{\"b\":2}"])
    }

    @Test func anUnterminatedLastEventIsDeliveredOnFinish() throws {
        var parser = SSEParser()
        #expect(try parser.feed(Array("data: tail".utf8)).isEmpty)
        #expect(parser.finish()?.dataString == "tail")
    }

    @Test func oversizedEventsAreRefused() {
        var parser = SSEParser(maximumEventBytes: 16)
        #expect(throws: SSEParserError.self) { try parser.feed(Array("data: 0123456789012345678901234567890".utf8)) }
    }

    @Test func encodingWritesOneDataLinePerLine() {
        let event = ServerSentEvent(event: "x", data: "a\nb")
        #expect(String(decoding: event.encoded(), as: UTF8.self) == "event: x\ndata: a\ndata: b\n\n")
    }
}

/// The parser against a plain reading of the event-stream rules, over every captured stream and
/// some hand-made edge cases, fed whole and in pieces of several sizes: events keep their data in
/// the parser's buffer until handed on (``SSEParser/feed(_:each:)``), which must not change what
/// comes out wherever the reads happen to split the stream.
@Suite("SSE parser against a reference reading")
struct SSEParserReferenceTests {
    /// Every line of the whole body, then the events, as the WHATWG rules read them.
    static func reference(_ body: [UInt8]) -> [ServerSentEvent] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < body.count {
            let byte = body[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(body[start..<index])
                if byte == 0x0D, index + 1 < body.count, body[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        let trailing = start < body.count ? body[start...] : nil
        var events: [ServerSentEvent] = []
        var type: String?
        var id: String?
        var data: [[UInt8]] = []
        var sawField = false
        func field(_ line: ArraySlice<UInt8>) {
            guard line.first != UInt8(ascii: ":") else { return }
            sawField = true
            let colon = line.firstIndex(of: UInt8(ascii: ":"))
            let name = String(decoding: line[..<(colon ?? line.endIndex)], as: UTF8.self)
            var value = colon.map { line[($0 + 1)...] } ?? []
            if value.first == 0x20 { value = value.dropFirst() }
            switch name {
            case "data": data.append(Array(value))
            case "event": type = String(decoding: value, as: UTF8.self)
            case "id": id = String(decoding: value, as: UTF8.self)
            default: break
            }
        }
        func dispatch() {
            if sawField, !data.isEmpty || type != nil {
                events.append(ServerSentEvent(event: type, data: Array(data.joined(separator: [0x0A])), id: id))
            }
            type = nil
            data = []
            sawField = false
        }
        for line in lines {
            if line.isEmpty { dispatch() } else { field(line) }
        }
        if let trailing { field(trailing) }
        dispatch()
        return events
    }

    static func parse(_ body: [UInt8], inPiecesOf size: Int) throws -> [ServerSentEvent] {
        var parser = SSEParser()
        var events: [ServerSentEvent] = []
        var start = 0
        while start < body.count {
            let end = min(start + size, body.count)
            events += try parser.feed(body[start..<end])
            start = end
        }
        if let last = parser.finish() { events.append(last) }
        return events
    }

    static let handMade = [
        "data: a\n\ndata: b\ndata: c\n\n",
        "event: x\ndata: {\"a\":1}\n\nevent: y\ndata: 2\r\n\r\ndata: 3\r\rdata:4\n\n",
        ": comment\n\ndata\n\ndata:\n\nevent: only\n\nid: 7\ndata: z\n\nretry: 10\ndata: w\n\n",
        "data:  two spaces\n\nda\nta: no\n\ndata: tail without end",
        "\n\n\r\n\r\r\ndata: after blanks\n\n",
        // One-line events, handed on as soon as their blank line is read, among other lines.
        "id: 1\ndata: a\n\ndata: b\n\n: c\ndata: d\n\n\n\ndata:e\n\nid: 2\ndata: f\n\n",
        "\r\ndata: a\n\n\rdata: b\n\nevent: t\ndata: c\n\ndata: d\r\n\ndata: e\n\r\ndata: f\n\n",
    ]

    @Test func everyCaptureAndEdgeCaseParsesAlikeWhereverTheReadsSplitIt() throws {
        var bodies = Self.handMade.map { Array($0.utf8) }
        for folder in ["openai", "anthropic", "gemini"] {
            for name in try Fixtures.names(in: folder) where name.hasSuffix(".sse") || name.hasSuffix(".jsonl") {
                bodies.append(try Fixtures.streamBody("\(folder)/\(name)"))
            }
        }
        #expect(bodies.count > 20)
        for body in bodies {
            let expected = Self.reference(body)
            for size in [1, 2, 3, 7, 64, 1000, body.count + 1] {
                let events = try Self.parse(body, inPiecesOf: size)
                #expect(events == expected, "\(String(decoding: body.prefix(80), as: UTF8.self)) in pieces of \(size)")
            }
        }
    }

    /// Stopping after an event (a relay that found it broken) leaves the rest unread.
    @Test func returningFalseStopsAtThatEvent() throws {
        var parser = SSEParser()
        var seen: [String] = []
        try parser.feed(Array("data: 1\n\ndata: 2\n\ndata: 3\n\n".utf8)) { event in
            seen.append(String(decoding: event.data, as: UTF8.self))
            return seen.count < 2
        }
        #expect(seen == ["1", "2"])
    }
}
