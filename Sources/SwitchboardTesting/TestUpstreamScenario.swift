import Hummingbird
import HTTPTypes
import NIOCore

/// What the test upstream does for a request, chosen by its `model`:
///
/// - `fixture:NAME`: replays `Fixtures/openai/NAME.json` (non-stream; a `chat-error-400-*` fixture
///   is sent with status 400) or `NAME.sse` / `NAME.jsonl` (stream);
/// - `fault:status-CODE`: answers CODE with an OpenAI error body (429 and 503 add `Retry-After: 7`);
/// - `fault:slow-stream`: a chunk every 50 ms for 10 s, noting a client that goes away;
/// - `fault:stall` / `fault:stall-SECONDS`: no answer for 30 s / that many seconds;
/// - `fault:drop-mid-stream`: two chunks, then the connection is cut;
/// - `fault:stream-error`: two chunks, then an error event;
/// - `fault:bad-json`: 200 with a body that is not JSON;
/// - anything else: the recorded text answer (`chat-nonstream-text.json` / `chat-stream-text-include-usage.sse`).
struct TestUpstreamScenario {
    let model: String

    func respond(stream: Bool, upstream: TestUpstream) async throws -> Response {
        if model.hasPrefix("fixture:") {
            return try replay(String(model.dropFirst("fixture:".count)), stream: stream)
        }
        switch model {
        case let fault where fault.hasPrefix("fault:status-"):
            let code = Int(fault.dropFirst("fault:status-".count)) ?? 500
            var headers: HTTPFields = [.contentType: "application/json"]
            if code == 429 || code == 503 { headers[HTTPField.Name("retry-after")!] = "7" }
            let body = #"{"error":{"message":"Injected upstream failure \#(code)","type":"upstream_test_error","param":null,"code":"injected_\#(code)"}}"#
            return Response(status: .init(code: code), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        case "fault:slow-stream":
            return slowStream(upstream: upstream)
        case let stall where stall.hasPrefix("fault:stall"):
            try await Task.sleep(for: .seconds(Int(stall.dropFirst("fault:stall-".count)) ?? 30))
            return try replay("chat-nonstream-text", stream: stream)
        case "fault:drop-mid-stream":
            return try partialStream(then: nil)
        case "fault:stream-error":
            return try partialStream(then: #"data: {"error":{"message":"Injected failure in the stream","type":"server_error","param":null,"code":"injected_stream_error"}}"# + "\n\n")
        case "fault:bad-json":
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"id": "chatcmpl-broken", "choices": ["#)))
        default:
            return try replay(stream ? "chat-stream-text-include-usage" : "chat-nonstream-text", stream: stream)
        }
    }

    private func replay(_ name: String, stream: Bool) throws -> Response {
        if stream {
            let path = (try? Fixtures.data("openai/\(name).sse")) != nil ? "openai/\(name).sse" : "openai/\(name).jsonl"
            let events = Fixtures.events(of: try Fixtures.streamBody(path))
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                for event in events {
                    try await writer.write(ByteBuffer(bytes: event))
                }
                try await writer.finish(nil)
            })
        }
        let body = try Fixtures.data("openai/\(name).json")
        let status: HTTPResponse.Status = name.hasPrefix("chat-error-400") ? .badRequest : .ok
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private func slowStream(upstream: TestUpstream) -> Response {
        Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
            do {
                for index in 0..<200 {
                    let chunk = #"data: {"id":"chatcmpl-slow","object":"chat.completion.chunk","created":1,"model":"slow","choices":[{"index":0,"delta":{"content":"tick \#(index) "},"finish_reason":null}]}"# + "\n\n"
                    try await writer.write(ByteBuffer(string: chunk))
                    try await Task.sleep(for: .milliseconds(50))
                }
                try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                try await writer.finish(nil)
            } catch {
                upstream.noteDisconnect()
                throw error
            }
        })
    }

    private func partialStream(then tail: String?) throws -> Response {
        let events = Fixtures.events(of: try Fixtures.streamBody("openai/chat-stream-text-include-usage.sse"))
        return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
            for event in events.prefix(2) { try await writer.write(ByteBuffer(bytes: event)) }
            if let tail {
                try await writer.write(ByteBuffer(string: tail))
                try await writer.finish(nil)
            } else {
                throw CancellationError()
            }
        })
    }
}
