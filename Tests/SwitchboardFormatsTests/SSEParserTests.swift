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
