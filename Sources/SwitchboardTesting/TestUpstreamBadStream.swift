/// The body of `fault:bad-sse`: a 200 event stream that cannot be read, from its first event on.
///
/// In SSE framing: an event whose data is JSON cut off midway (named as the dialect's first event),
/// a line that is no `field: value` line, an event whose data is not UTF-8, an event whose data is
/// not JSON, and for Chat the usual `data: [DONE]`. In Gemini's JSON array framing: an array whose
/// first element is cut off and whose next one is not JSON.
enum TestUpstreamBadStream {
    static func body(wire: TestUpstreamWire, framing: TestUpstreamFraming) -> [UInt8] {
        let broken = Array(wire.brokenJSON.utf8)
        guard framing != .jsonArray else {
            return Array("[".utf8) + broken + Array("\n,\nnot json at all\n]".utf8)
        }
        let separator = Array((framing == .sse ? "\n\n" : "\r\n\r\n").utf8)
        let (first, later): (String?, String?) = switch wire {
        case .chat, .gemini: (nil, nil)
        case .responses: ("response.created", "response.output_text.delta")
        case .anthropic: ("message_start", "content_block_delta")
        }
        func event(_ name: String?, _ data: [UInt8]) -> [UInt8] {
            Array((name.map { "event: \($0)\n" } ?? "").utf8) + Array("data: ".utf8) + data + separator
        }
        var body = event(first, broken)
        body += Array("{this line is not a field of an event stream}\n".utf8)
        body += event(later, [0xFF, 0xFE, 0x20] + Array("is not UTF-8".utf8))
        body += event(later, Array("not json at all".utf8))
        if wire == .chat { body += event(nil, Array("[DONE]".utf8)) }
        return body
    }
}
