import Testing
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

/// The test upstream over real HTTP: every provider route replays its captures, authenticates and
/// validates like the provider, and the named scenarios behave as documented.
@Suite("Test upstream speaks every provider's wire format")
struct TestUpstreamFormatsTests {
    struct Answer {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        var json: JSONValue? { try? JSON.parse(body) }
        var events: [ServerSentEvent] {
            var parser = SSEParser()
            var events = (try? parser.feed(body)) ?? []
            if let last = parser.finish() { events.append(last) }
            return events
        }
        var eventTypes: [String] { events.compactMap(\.event) }
    }

    static let anthropicHeaders = [("x-api-key", "sk-ant-test"), ("anthropic-version", "2023-06-01")]

    static func withUpstream(_ body: @Sendable (TestUpstream) async throws -> Void) async throws {
        let upstream = TestUpstream()
        try await upstream.start()
        do {
            try await body(upstream)
        } catch {
            await upstream.stop()
            throw error
        }
        await upstream.stop()
    }

    static func post(_ url: String, json: JSONValue, headers: [(String, String)] = []) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: JSON.serialize(json)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return Answer(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
    }

    static func anthropic(_ model: String, messages: [JSONValue], stream: Bool = false) -> JSONValue {
        var body: JSONObject = ["model": .string(model), "max_tokens": .int(256), "messages": .array(messages)]
        if stream { body["stream"] = .bool(true) }
        return .object(body)
    }

    static func user(_ content: JSONValue) -> JSONValue { .object(["role": "user", "content": content]) }

    // MARK: Chat

    @Test func chatToolsScenarioAnswersTextAfterAToolResult() async throws {
        try await Self.withUpstream { upstream in
            let url = upstream.baseURL + "/chat/completions"
            let first = try await Self.post(url, json: .object(["model": "scenario:tools", "messages": .array([Self.user("weather?")])]))
            #expect(first.body == (try Fixtures.data("openai/chat-nonstream-tool-call-single.json")))
            let call = try OpenAIChatAdapter().decodeResponse(first.body)
            guard case .toolCall(let toolCall)? = call.content.first else {
                Issue.record("no tool call in \(call.content)")
                return
            }
            let followUp: JSONValue = .object(["model": "scenario:tools", "stream": .bool(true), "messages": .array([
                Self.user("weather?"),
                .object(["role": "assistant", "content": .null, "tool_calls": .array([.object([
                    "id": .string(toolCall.id), "type": "function",
                    "function": .object(["name": .string(toolCall.name), "arguments": .string(toolCall.arguments)]),
                ])])]),
                .object(["role": "tool", "tool_call_id": .string(toolCall.id), "content": "12 C"]),
            ])])
            let second = try await Self.post(url, json: followUp)
            #expect(second.body == (try Fixtures.streamBody("openai/chat-stream-text-include-usage.sse")))
            let refusal = try await Self.post(url, json: .object(["model": "scenario:refusal", "messages": .array([Self.user("x")])]))
            #expect(refusal.body == (try Fixtures.data("openai/chat-nonstream-refusal.json")))
            let recorded = try #require(upstream.requests.last)
            #expect(recorded.path == "/v1/chat/completions")
            #expect(recorded.query == nil)
            #expect(recorded.headers["content-type"] == "application/json")
        }
    }

    // MARK: Responses

    @Test func responsesReplaysCapturesAndFaults() async throws {
        try await Self.withUpstream { upstream in
            let url = upstream.baseURL + "/responses"
            let text = try await Self.post(url, json: .object(["model": "gpt-4o", "input": "hi"]))
            #expect(text.status == 200)
            #expect(text.body == (try Fixtures.data("openai/responses-nonstream-text.json")))
            let tools = try await Self.post(url, json: .object(["model": "scenario:tools", "input": "hi", "stream": .bool(true)]))
            #expect(tools.headers.first(name: "content-type") == "text/event-stream")
            #expect(tools.body == (try Fixtures.streamBody("openai/responses-stream-function-call.sse")))
            let answered = try await Self.post(url, json: .object(["model": "scenario:tools", "input": .array([
                .object(["type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"]),
                .object(["type": "function_call_output", "call_id": "call_1", "output": "42"]),
            ])]))
            #expect(answered.body == (try Fixtures.data("openai/responses-nonstream-text.json")))
            let failing = try await Self.post(url, json: .object(["model": "fault:stream-error", "input": "hi", "stream": .bool(true)]))
            #expect(failing.eventTypes == ["response.created", "response.in_progress", "error", "response.failed"])
            let limited = try await Self.post(url, json: .object(["model": "fault:status-429", "input": "hi"]))
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "retry-after") == "7")
            #expect(limited.json?["error"]?["code"] == "injected_429")
            let quota = try await Self.post(url, json: .object(["model": "fixture:responses-error-insufficient-quota", "input": "hi"]))
            #expect(quota.status == 429)
            #expect(quota.json?["error"]?["code"] == "insufficient_quota")
        }
    }

    // MARK: Anthropic

    @Test func anthropicAuthenticatesLikeAnthropic() async throws {
        try await Self.withUpstream { upstream in
            let url = upstream.baseURL + "/messages"
            let body = Self.anthropic("claude-sonnet-4-5", messages: [Self.user("hi")])
            let noKey = try await Self.post(url, json: body, headers: [("anthropic-version", "2023-06-01")])
            #expect(noKey.status == 401)
            #expect(noKey.json?["type"] == "error")
            #expect(noKey.json?["error"]?["type"] == "authentication_error")
            let noVersion = try await Self.post(url, json: body, headers: [("x-api-key", "sk-ant-test")])
            #expect(noVersion.status == 400)
            #expect(noVersion.json?["error"]?["type"] == "invalid_request_error")
            #expect(noVersion.json?["error"]?["message"]?.stringValue?.contains("anthropic-version") == true)
            let accepted = try await Self.post(url, json: body, headers: Self.anthropicHeaders)
            #expect(accepted.status == 200)
            #expect(accepted.body == (try Fixtures.data("anthropic/messages-nonstream-text.json")))
            #expect(upstream.requests.last?.headers["x-api-key"] == "sk-ant-test")
        }
    }

    @Test func anthropicRejectsBodiesAnthropicWouldRefuse() async throws {
        try await Self.withUpstream { upstream in
            let url = upstream.baseURL + "/messages"
            let toolUse: JSONValue = .object(["role": "assistant", "content": .array([
                .object(["type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": .object(["city": "Paris"])]),
            ])])
            let cases: [(JSONValue, String)] = [
                (.object(["model": "m", "messages": .array([Self.user("hi")])]), "max_tokens"),
                (Self.anthropic("m", messages: []), "messages"),
                (Self.anthropic("m", messages: [.object(["role": "system", "content": "be brief"]), Self.user("hi")]), "messages.0.role"),
                (Self.anthropic("m", messages: [Self.user("hi"), toolUse, Self.user(.array([
                    .object(["type": "tool_result", "tool_use_id": "toolu_other", "content": "18 C"]),
                ]))]), "toolu_other"),
                (Self.anthropic("m", messages: [Self.user("hi"), toolUse, Self.user("and?")]), "toolu_1"),
                (Self.anthropic("m", messages: [Self.user("hi"), .object(["role": "assistant", "content": .array([
                    .object(["type": "tool_use", "id": "toolu_2", "name": "f", "input": #"{"a":1}"#]),
                ])])]), "messages.1.content.0.input"),
                (Self.anthropic("m", messages: [Self.user("hi"), .object(["role": "assistant", "content": .array([
                    .object(["type": "thinking", "thinking": "hmm"]), .object(["type": "text", "text": "ok"]),
                ])]), Self.user("go on")]), "messages.1.content.0.signature"),
                (Self.anthropic("m", messages: [Self.user(.array([]))]), "messages.0"),
            ]
            for (body, named) in cases {
                let answer = try await Self.post(url, json: body, headers: Self.anthropicHeaders)
                #expect(answer.status == 400, "\(body)")
                #expect(answer.json?["error"]?["type"] == "invalid_request_error")
                let message = answer.json?["error"]?["message"]?.stringValue ?? ""
                #expect(message.contains(named), "\(message) should name \(named)")
            }
            let valid = Self.anthropic("m", messages: [Self.user("hi"), toolUse, Self.user(.array([
                .object(["type": "tool_result", "tool_use_id": "toolu_1", "content": "18 C"]),
            ]))])
            #expect(try await Self.post(url, json: valid, headers: Self.anthropicHeaders).status == 200)
        }
    }

    @Test func anthropicScenariosAndFaults() async throws {
        try await Self.withUpstream { upstream in
            let url = upstream.baseURL + "/messages"
            let thinking = try await Self.post(url, json: Self.anthropic("scenario:thinking", messages: [Self.user("hi")], stream: true), headers: Self.anthropicHeaders)
            #expect(thinking.body == (try Fixtures.streamBody("anthropic/messages-stream-thinking-signature.sse")))
            #expect(thinking.events.contains { $0.dataString.contains("signature_delta") })
            let tools = try await Self.post(url, json: Self.anthropic("scenario:tools", messages: [Self.user("hi")], stream: true), headers: Self.anthropicHeaders)
            #expect(tools.events.contains { $0.dataString.contains(#""type":"tool_use""#) })
            let afterResult = Self.anthropic("scenario:tools", messages: [
                Self.user("hi"),
                .object(["role": "assistant", "content": .array([.object(["type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": .object([:])])])]),
                Self.user(.array([.object(["type": "tool_result", "tool_use_id": "toolu_1", "content": "18 C"])])),
            ], stream: true)
            let text = try await Self.post(url, json: afterResult, headers: Self.anthropicHeaders)
            #expect(text.body == (try Fixtures.streamBody("anthropic/messages-stream-text.sse")))
            let failing = try await Self.post(url, json: Self.anthropic("fault:stream-error", messages: [Self.user("hi")], stream: true), headers: Self.anthropicHeaders)
            #expect(failing.eventTypes == ["message_start", "content_block_start", "error"])
            #expect(failing.events.last.flatMap { try? JSON.parse($0.data) }?["error"]?["type"] == "overloaded_error")
            let overloaded = try await Self.post(url, json: Self.anthropic("fault:status-529", messages: [Self.user("hi")]), headers: Self.anthropicHeaders)
            #expect(overloaded.status == 529)
            #expect(overloaded.headers.first(name: "retry-after") == "7")
            #expect(overloaded.json?["error"]?["type"] == "overloaded_error")
            let broken = try await Self.post(url, json: Self.anthropic("fault:bad-json", messages: [Self.user("hi")]), headers: Self.anthropicHeaders)
            #expect(broken.status == 200)
            #expect(broken.json == nil)
        }
    }
}
