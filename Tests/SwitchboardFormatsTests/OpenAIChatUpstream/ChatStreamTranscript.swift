import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

/// What a decoded stream said, gathered for assertions, with the ordering rules of `StreamEvent` checked.
struct ChatStreamTranscript {
    struct Call: Equatable {
        var id: String
        var name: String
        var arguments: String
    }

    var events: [StreamEvent] = []
    var start: (id: String, model: String, created: Int)?
    var text = ""
    var reasoning = ""
    var refusal = ""
    var calls: [Call] = []
    var finish: FinishReason?
    var usage: Usage?

    /// Decodes a whole capture through the adapter's stream decoder.
    static func decode(fixture path: String) throws -> ChatStreamTranscript {
        try decode(body: try Fixtures.streamBody(path))
    }

    static func decode(body: [UInt8]) throws -> ChatStreamTranscript {
        var parser = SSEParser()
        var decoder = OpenAIChatAdapter().makeStreamDecoder()
        var events: [StreamEvent] = []
        for event in try parser.feed(body) { events += try decoder.decode(event) }
        if let last = parser.finish() { events += try decoder.decode(last) }
        events += try decoder.finish()
        return ChatStreamTranscript(events: events)
    }

    init(events: [StreamEvent]) {
        self.events = events
        for event in events {
            switch event {
            case .start(let id, let model, let created): start = (id, model, created)
            case .textDelta(let value): text += value
            case .reasoningDelta(let value): reasoning += value.text
            case .refusalDelta(let value): refusal += value
            case .toolCallStart(let index, let id, let name):
                #expect(index == calls.count, "tool calls are numbered in order of appearance")
                calls.append(Call(id: id, name: name, arguments: ""))
            case .toolCallArgumentsDelta(let index, let delta):
                #expect(index < calls.count, "arguments after the call's start")
                if index < calls.count { calls[index].arguments += delta }
            case .finish(let reason): finish = reason
            case .usage(let value): usage = value
            case .toolCallSignature, .stopSequence: break
            }
        }
        checkOrder()
    }

    private func checkOrder() {
        guard case .start = events.first else {
            Issue.record("the first event is not start: \(String(describing: events.first))")
            return
        }
        #expect(events.filter { if case .start = $0 { true } else { false } }.count == 1)
        let finishes = events.indices.filter { if case .finish = events[$0] { true } else { false } }
        #expect(finishes.count == 1, "exactly one finish")
        if let finishIndex = finishes.first {
            for event in events[(finishIndex + 1)...] {
                if case .usage = event { continue }
                Issue.record("\(event) follows finish")
            }
        }
    }
}
