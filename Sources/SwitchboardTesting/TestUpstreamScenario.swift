import Hummingbird
import HTTPTypes
import NIOCore

/// What the test upstream does for a request, chosen by its model (the body's `model`, or the
/// path's for Gemini), answering in the wire format of the route it came in on:
///
/// - `fixture:NAME`: replays `Fixtures/<provider>/NAME.json` (non-stream; `*-error-NNN-*` files are
///   sent with status NNN) or `NAME.sse` / `NAME.jsonl` (stream; Gemini also `stream-json-array-*.json`);
/// - `scenario:NAME`: a named behaviour backed by the provider's best capture, see
///   ``TestUpstreamScenarioTable`` (`text`, `tools`, `parallel-tools`, `thinking`, `cached`, `refusal`);
/// - `fault:status-CODE`: answers CODE in the route's error envelope (429, 503 and 529 add `Retry-After: 7`);
/// - `fault:slow-stream`: an event every 50 ms for about 10 s, noting a client that goes away;
/// - `fault:stall` / `fault:stall-SECONDS`: no answer for 30 s / that many seconds, then the text answer;
/// - `fault:drop-mid-stream`: two events, then the connection is cut;
/// - `fault:stream-error`: two events, then the provider's in-stream error (Chat: a chunk with
///   `error`; Anthropic: an `error` event `overloaded_error`; Responses: `error` then
///   `response.failed`; Gemini: a chunk with `error`);
/// - `fault:bad-json`: 200 with a body that is not JSON;
/// - anything else: the provider's recorded text answer.
struct TestUpstreamScenario {
    let model: String
    let wire: TestUpstreamWire
    let stream: Bool
    let framing: TestUpstreamFraming
    /// The conversation's last turn is a tool result (`scenario:tools` then answers with text).
    let afterToolResult: Bool

    init(model: String, wire: TestUpstreamWire = .chat, stream: Bool, framing: TestUpstreamFraming = .sse, afterToolResult: Bool = false) {
        self.model = model
        self.wire = wire
        self.stream = stream
        self.framing = framing
        self.afterToolResult = afterToolResult
    }

    func respond(upstream: TestUpstream) async throws -> Response {
        if model.hasPrefix("fixture:") {
            return try replay(String(model.dropFirst("fixture:".count)))
        }
        if model.hasPrefix("scenario:") {
            let name = String(model.dropFirst("scenario:".count))
            guard TestUpstreamScenarioTable.names.contains(name) else {
                return error(status: 400, message: "Unknown test upstream scenario '\(name)'.", type: wire.invalidRequestType)
            }
            return try replay(TestUpstreamScenarioTable.capture(name, wire: wire, stream: stream, afterToolResult: afterToolResult))
        }
        switch model {
        case let fault where fault.hasPrefix("fault:status-"):
            let code = Int(fault.dropFirst("fault:status-".count)) ?? 500
            return error(status: code, message: "Injected upstream failure \(code)")
        case "fault:slow-stream":
            return slowStream(upstream: upstream)
        case let stall where stall.hasPrefix("fault:stall"):
            try await Task.sleep(for: .seconds(Int(stall.dropFirst("fault:stall-".count)) ?? 30))
            return try replay(defaultCapture)
        case "fault:drop-mid-stream":
            return try partialStream(then: nil)
        case "fault:stream-error":
            return try partialStream(then: wire.streamErrorEvents)
        case "fault:bad-json":
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: wire.brokenJSON)))
        default:
            return try replay(defaultCapture)
        }
    }

    private var defaultCapture: String {
        TestUpstreamScenarioTable.capture("text", wire: wire, stream: stream, afterToolResult: false)
    }

    /// An error answer in the route's envelope.
    func error(status: Int, message: String, type: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if [429, 503, 529].contains(status) { headers[.retryAfter] = "7" }
        return Response(
            status: .init(code: status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: wire.errorBody(status: status, message: message, type: type))))
    }

    private func replay(_ name: String) throws -> Response {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        let (folder, file) = parts.count == 2 ? (parts[0], parts[1]) : (wire.fixtureFolder, name)
        if stream {
            return Self.streamResponse(try TestUpstreamCapture.streamPieces(folder: folder, name: file, framing: framing), framing: framing)
        }
        let capture = try TestUpstreamCapture.nonStream(folder: folder, name: file)
        return Response(
            status: .init(code: capture.status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: capture.body)))
    }

    static func streamResponse(_ pieces: [[UInt8]], framing: TestUpstreamFraming) -> Response {
        Response(status: .ok, headers: [.contentType: framing.contentType], body: ResponseBody { writer in
            for piece in pieces { try await writer.write(ByteBuffer(bytes: piece)) }
            try await writer.finish(nil)
        })
    }

    private func slowStream(upstream: TestUpstream) -> Response {
        let pieces = framing.frame(TestUpstreamSlowStream.payloads(wire: wire, ticks: 200))
        return Response(status: .ok, headers: [.contentType: framing.contentType], body: ResponseBody { writer in
            do {
                for piece in pieces {
                    try await writer.write(ByteBuffer(bytes: piece))
                    try await Task.sleep(for: .milliseconds(50))
                }
                try await writer.finish(nil)
            } catch {
                upstream.noteDisconnect()
                throw error
            }
        })
    }

    private func partialStream(then tail: [TestUpstreamStreamPayload]?) throws -> Response {
        let capture = TestUpstreamScenarioTable.capture("text", wire: wire, stream: true, afterToolResult: false)
        let head = try TestUpstreamCapture.streamPieces(folder: wire.fixtureFolder, name: capture, framing: framing).prefix(2)
        return Response(status: .ok, headers: [.contentType: framing.contentType], body: ResponseBody { writer in
            for piece in head { try await writer.write(ByteBuffer(bytes: piece)) }
            guard let tail else { throw CancellationError() }
            for piece in framing.frame(tail, continuing: true) { try await writer.write(ByteBuffer(bytes: piece)) }
            try await writer.finish(nil)
        })
    }
}

extension TestUpstreamWire {
    /// The envelope type of a request the upstream rejects.
    var invalidRequestType: String {
        self == .gemini ? "INVALID_ARGUMENT" : "invalid_request_error"
    }
}
