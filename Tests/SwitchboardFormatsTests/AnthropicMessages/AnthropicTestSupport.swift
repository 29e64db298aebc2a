import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting
import Testing

/// A recorded Anthropic stream with what it says, read straight from its events (independently
/// of the decoder under test).
struct AnthropicStreamCapture {
    let events: [ServerSentEvent]
    let payloads: [JSONValue]

    init(_ path: String) throws {
        var parser = SSEParser()
        var events = try parser.feed(try Fixtures.streamBody(path))
        if let last = parser.finish() { events.append(last) }
        self.events = events
        self.payloads = try events.map { try JSON.parse($0.data) }
    }

    /// `content_block_start` block types in order.
    var blockTypes: [String] {
        payloads.filter { $0["type"] == "content_block_start" }.compactMap { $0["content_block"]?["type"]?.stringValue }
    }

    func deltas(_ type: String, _ member: String) -> [String] {
        payloads.compactMap { $0["delta"]?["type"]?.stringValue == type ? $0["delta"]?[member]?.stringValue : nil }
    }

    var text: String { deltas("text_delta", "text").joined() }
    var thinking: String { deltas("thinking_delta", "thinking").joined() }
    var signatures: [String] { deltas("signature_delta", "signature") }

    var redactedData: [String] {
        payloads.compactMap { $0["content_block"]?["type"] == "redacted_thinking" ? $0["content_block"]?["data"]?.stringValue : nil }
    }

    /// Each client `tool_use` block: id, name and the concatenated `partial_json`.
    var toolUses: [(id: String, name: String, arguments: String)] {
        var calls: [(index: Int, id: String, name: String, arguments: String)] = []
        for payload in payloads {
            if payload["type"] == "content_block_start", payload["content_block"]?["type"] == "tool_use" {
                calls.append((payload["index"]?.intValue ?? -1, payload["content_block"]?["id"]?.stringValue ?? "",
                              payload["content_block"]?["name"]?.stringValue ?? "", ""))
            } else if payload["delta"]?["type"] == "input_json_delta",
                let position = calls.firstIndex(where: { $0.index == payload["index"]?.intValue })
            {
                calls[position].arguments += payload["delta"]?["partial_json"]?.stringValue ?? ""
            }
        }
        return calls.map { ($0.id, $0.name, $0.arguments) }
    }

    /// The block kinds the canonical stream carries, with runs of text merged (consecutive text
    /// blocks become one text stream).
    var canonicalBlockTypes: [String] {
        AnthropicStreamCapture.mergingTextRuns(blockTypes.filter { ["text", "thinking", "redacted_thinking", "tool_use"].contains($0) })
    }

    static func mergingTextRuns(_ types: [String]) -> [String] {
        var merged: [String] = []
        for type in types where !(type == "text" && merged.last == "text") { merged.append(type) }
        return merged
    }

    /// The capture through the adapter's stream decoder, `finish()` included.
    func decode() throws -> [StreamEvent] {
        var decoder = AnthropicMessagesAdapter().makeStreamDecoder()
        var output: [StreamEvent] = []
        for event in events { output += try decoder.decode(event) }
        output += try decoder.finish()
        return output
    }
}

/// What a canonical event stream adds up to.
struct CanonicalStreamSummary {
    var id = ""
    var model = ""
    var text = ""
    var reasoningText = ""
    var signatures: [String] = []
    var encryptedContents: [String] = []
    var toolCalls: [(id: String, name: String, arguments: String)] = []
    var finishReason: FinishReason?
    var stopSequence: String?
    var usage: Usage?

    init(_ events: [StreamEvent]) {
        for event in events {
            switch event {
            case .start(let id, let model, _):
                self.id = id
                self.model = model
            case .textDelta(let delta): text += delta
            case .refusalDelta(let delta): text += delta
            case .reasoningDelta(let reasoning):
                #expect(reasoning.providerFamily == "anthropic")
                reasoningText += reasoning.text
                if let signature = reasoning.signature { signatures.append(signature) }
                if let data = reasoning.encryptedContent { encryptedContents.append(data) }
            case .toolCallStart(let index, let id, let name):
                #expect(index == toolCalls.count, "tool calls are numbered in order from 0")
                toolCalls.append((id, name, ""))
            case .toolCallArgumentsDelta(let index, let delta): toolCalls[index].arguments += delta
            case .toolCallSignature: break
            case .stopSequence(let sequence): stopSequence = sequence
            case .finish(let reason): finishReason = reason
            case .usage(let usage): self.usage = usage
            }
        }
    }
}

/// Checks an encoded stream against Anthropic's event grammar and returns its payloads.
///
/// `message_start`, `ping`, then blocks with indexes 0, 1, 2, ... each opened, given deltas of
/// its own index and closed before the next opens, then `message_delta` and `message_stop`; every
/// `event:` name equals its payload's `type`.
@discardableResult
func checkAnthropicGrammar(_ events: [ServerSentEvent]) throws -> [JSONValue] {
    let payloads = try events.map { try JSON.parse($0.data) }
    for (event, payload) in zip(events, payloads) {
        #expect(event.event == payload["type"]?.stringValue)
    }
    let types = payloads.map { $0["type"]?.stringValue ?? "" }
    try #require(types.count >= 4)
    #expect(types[0] == "message_start")
    #expect(types[1] == "ping")
    #expect(Array(types.suffix(2)) == ["message_delta", "message_stop"])
    var openIndex: Int?
    var nextIndex = 0
    for payload in payloads.dropFirst(2).dropLast(2) {
        let index = payload["index"]?.intValue
        switch payload["type"]?.stringValue {
        case "content_block_start":
            #expect(openIndex == nil, "a block opens only after the previous one closed")
            #expect(index == nextIndex)
            openIndex = index
            nextIndex += 1
        case "content_block_delta":
            #expect(index == openIndex)
        case "content_block_stop":
            #expect(index == openIndex)
            openIndex = nil
        default:
            Issue.record("unexpected event inside the message: \(payload)")
        }
    }
    #expect(openIndex == nil)
    return payloads
}

/// Encodes a canonical stream for an Anthropic client, `finish()` included.
func encodeAnthropicStream(_ events: [StreamEvent], model: String = "client-model") -> [ServerSentEvent] {
    var encoder = AnthropicMessagesStreamEncoder(model: model, inputTokens: 7)
    var output: [ServerSentEvent] = []
    for event in events { output += encoder.encode(event) }
    return output + encoder.finish()
}

/// Removes every `cache_control` member, at any depth (the translation does not carry it).
func removingCacheControl(_ value: JSONValue) -> JSONValue {
    switch value {
    case .array(let elements): return .array(elements.map(removingCacheControl))
    case .object(let object):
        return .object(JSONObject(object.members.filter { $0.key != "cache_control" }.map { ($0.key, removingCacheControl($0.value)) }))
    default: return value
    }
}

/// The value with every object's members sorted by key, to compare documents whose member order
/// differs (some captures were re-serialised with sorted keys).
func sortingKeys(_ value: JSONValue) -> JSONValue {
    switch value {
    case .array(let elements): return .array(elements.map(sortingKeys))
    case .object(let object):
        return .object(JSONObject(object.members.sorted { $0.key < $1.key }.map { ($0.key, sortingKeys($0.value)) }))
    default: return value
    }
}
