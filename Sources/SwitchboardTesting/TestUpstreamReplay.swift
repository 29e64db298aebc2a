import Foundation
import SwitchboardCore
import SwitchboardFormats

/// How the test upstream writes a stream's events.
enum TestUpstreamFraming: Sendable {
    /// `text/event-stream` with `\n\n` after each event (OpenAI, Anthropic).
    case sse
    /// `text/event-stream` with `\r\n\r\n` after each event (Gemini `alt=sse`).
    case sseCRLF
    /// Gemini's `streamGenerateContent` without `alt=sse`: one JSON array written element by element.
    case jsonArray

    var contentType: String {
        self == .jsonArray ? "application/json; charset=UTF-8" : "text/event-stream"
    }

    /// The pieces to write for `payloads`; `continuing` when earlier pieces were already written,
    /// `closing` to end the array (JSON array framing only).
    func frame(_ payloads: [TestUpstreamStreamPayload], continuing: Bool = false, closing: Bool = true) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        for (position, payload) in payloads.enumerated() {
            switch self {
            case .sse, .sseCRLF:
                var piece: [UInt8] = []
                if let event = payload.event { piece += Array("event: \(event)\n".utf8) }
                piece += Array("data: ".utf8) + payload.data + Array((self == .sse ? "\n\n" : "\r\n\r\n").utf8)
                pieces.append(piece)
            case .jsonArray:
                let opener = position == 0 && !continuing ? "[" : "\n,\n"
                pieces.append(Array(opener.utf8) + payload.data)
            }
        }
        if self == .jsonArray, closing { pieces.append(Array((pieces.isEmpty && !continuing ? "[]" : "\n]").utf8)) }
        return pieces
    }
}

/// Finds and frames the recorded captures the test upstream replays.
enum TestUpstreamCapture {
    /// A non-stream capture: its body, and the status it was recorded with (`*-error-NNN-*` files
    /// carry their status; other error files 400, or 429 for quota errors).
    static func nonStream(folder: String, name: String) throws -> (status: Int, body: [UInt8]) {
        let body = try Fixtures.data("\(folder)/\(name).json")
        return (status(ofCapture: name), body)
    }

    static func status(ofCapture name: String) -> Int {
        guard let range = name.range(of: "error-") else { return 200 }
        if let code = Int(name[range.upperBound...].prefix(3)), (400..<600).contains(code) { return code }
        return name.contains("quota") ? 429 : 400
    }

    /// The pieces of a stream capture in `framing`: byte for byte when the capture already has that
    /// framing, re-framed otherwise (a Gemini SSE capture served as a JSON array and back).
    static func streamPieces(folder: String, name: String, framing: TestUpstreamFraming) throws -> [[UInt8]] {
        for suffix in [".sse", ".jsonl"] {
            let path = "\(folder)/\(name)\(suffix)"
            guard (try? Fixtures.data(path)) != nil else { continue }
            let body = try Fixtures.streamBody(path)
            if framing == .jsonArray { return framing.frame(try payloads(ofEventStream: body)) }
            return Fixtures.events(of: body)
        }
        let body = try Fixtures.data("\(folder)/\(name).json")
        let value = try JSON.parse(body)
        if framing == .jsonArray, value.arrayValue != nil { return [body] }
        // A JSON array capture (Gemini without `alt=sse`), or a single answer served as a one-event stream.
        let elements = value.arrayValue ?? [value]
        return framing.frame(elements.map { TestUpstreamStreamPayload(event: nil, bytes: JSON.serialize($0)) })
    }

    /// The events of an SSE body as payloads.
    static func payloads(ofEventStream body: [UInt8]) throws -> [TestUpstreamStreamPayload] {
        var parser = SSEParser()
        var events = try parser.feed(body)
        if let last = parser.finish() { events.append(last) }
        return events.map { TestUpstreamStreamPayload(event: $0.event, bytes: $0.data) }
    }
}
