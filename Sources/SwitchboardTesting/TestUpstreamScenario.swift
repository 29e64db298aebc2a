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
/// - `fault:NAME`: a fault, below; an unknown fault name gets a 400 naming it;
/// - anything else: the provider's recorded text answer.
///
/// Faults ("the text answer" is the provider's recorded text answer, stream or not as asked; every
/// fault that waits or writes for long ends as soon as its client goes away, noting it in
/// ``TestUpstream/disconnects``, or when the upstream stops):
///
/// | model | what the client gets |
/// |---|---|
/// | `fault:status-CODE` | CODE in the route's error envelope; 429, 503 and 529 carry `Retry-After: 7` |
/// | `fault:status-CODE-retry-S` / `-retry-none` | the same with `Retry-After: S` / without `Retry-After` |
/// | `fault:flaky-N-CODE` (`-TAG` optional) | CODE (as `fault:status-CODE`) for the first N requests of this exact model name, the text answer after; ``TestUpstream/requestCount(model:)`` is the counter, a `-TAG` suffix gives a fresh one |
/// | `fault:reset-before-headers` | the request is read, then the connection is reset (TCP RST) before any byte |
/// | `fault:reset-mid-stream` | headers and the first 2 events (non-stream: half the body), then a reset |
/// | `fault:drop-mid-stream` | headers and the first 2 stream events, then the connection is closed |
/// | `fault:stall-before-first-byte-S` (`fault:stall-S`) | nothing for S seconds (fractions allowed; 30 without S), then the text answer |
/// | `fault:stall-mid-stream-S` | headers and the first 2 events (non-stream: half the body), nothing for S seconds (30 without S), then the rest |
/// | `fault:slow-stream` | a well-formed stream of 200 small deltas, one every 50 ms (about 10 s) |
/// | `fault:drip` / `fault:drip-MS` | a small well-formed answer (stream or not as asked), one byte every 100 ms / MS ms |
/// | `fault:stream-error` | the first 2 events, then the provider's in-stream error (Chat: a chunk with `error`; Anthropic: an `error` event `overloaded_error`; Responses: `error` then `response.failed`; Gemini: a chunk with `error`) |
/// | `fault:bad-json` | 200 `application/json` whose body is JSON cut off midway |
/// | `fault:bad-sse` | 200 event stream that cannot be read (see ``TestUpstreamBadStream``), even for a non-stream request |
/// | `fault:huge-Nmb` / `fault:huge-Nkb` (N ≤ 4096) | a well-formed answer of N MiB / KiB, written in 64 KiB chunks: a JSON body of exactly that size with `Content-Length`, or for a stream request a stream of 16 KiB deltas ending at most one delta past that size |
/// | `fault:huge-stream-Nmb` / `-Nkb` | that stream, even for a non-stream request |
///
/// Connection refused is not a model: point a channel at ``TestUpstream/refusedBaseURL``.
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

    /// The answer to a request that came in on `channel` (nil when there is no connection to
    /// watch or reset).
    func respond(upstream: TestUpstream, channel: (any Channel)?) async throws -> Response {
        let attempt = upstream.countRequest(model: model)
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
        if model.hasPrefix("fault:") {
            let name = String(model.dropFirst("fault:".count))
            guard let fault = TestUpstreamFault(name: name) else {
                return error(status: 400, message: "Unknown test upstream fault '\(name)'.", type: wire.invalidRequestType)
            }
            let connection = await TestUpstreamConnection(upstream: upstream, channel: channel)
            return try await respond(to: fault, attempt: attempt, connection: connection)
        }
        return try replay(defaultCapture)
    }

    var defaultCapture: String {
        TestUpstreamScenarioTable.capture("text", wire: wire, stream: stream, afterToolResult: false)
    }

    /// An error answer in the route's envelope, with `Retry-After` as `retryAfter` says.
    func error(status: Int, message: String, type: String? = nil, retryAfter: TestUpstreamFault.RetryAfter = .standard) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        switch retryAfter {
        case .standard where [429, 503, 529].contains(status): headers[.retryAfter] = "7"
        case .seconds(let seconds): headers[.retryAfter] = String(seconds)
        case .standard, .none: break
        }
        return Response(
            status: .init(code: status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: wire.errorBody(status: status, message: message, type: type))))
    }

    func replay(_ name: String) throws -> Response {
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

    func partialStream(then tail: [TestUpstreamStreamPayload]?) throws -> Response {
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
