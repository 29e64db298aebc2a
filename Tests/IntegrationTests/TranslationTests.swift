import Testing
import SwitchboardCore
import SwitchboardProviders
import SwitchboardServer
import SwitchboardTesting

/// Client formats crossing to upstreams of other formats over real loopback HTTP: the test
/// upstream validates each request like its provider does, so a bad translation fails here.
@Suite("Translation between formats")
struct TranslationTests {
    static func withProviders(_ configuration: inout GatewayConfiguration, upstream: TestUpstream) {
        configuration.channels.append(ChannelConfiguration(
            name: "claude", provider: .anthropic, baseURL: upstream.baseURL, apiKey: "sk-ant-upstream",
            modelMap: ["claude-tools": "scenario:tools", "claude-text": "scenario:text"]))
        configuration.channels.append(ChannelConfiguration(
            name: "gemini", provider: .gemini, baseURL: upstream.geminiBaseURL, apiKey: "goog-upstream",
            modelMap: ["gemini-text": "scenario:text"]))
    }

    @Test func chatClientReachesAnAnthropicChannelWithAValidMessagesBody() async throws {
        let upstream = TestUpstream()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        var configuration = GatewayHarness.configuration(channels: Stack.channels(upstream: upstream))
        Self.withProviders(&configuration, upstream: upstream)
        try await GatewayHarness.run(configuration) { harness in
            let request: JSONValue = .object([
                "model": "claude-tools",
                "messages": .array([
                    .object(["role": "system", "content": "Be brief."]),
                    .object(["role": "user", "content": "Weather in Paris?"]),
                ]),
                "tools": .array([.object([
                    "type": "function",
                    "function": .object(["name": "get_weather", "parameters": .object(["type": "object"])]),
                ])]),
            ])
            let exchange = try await harness.post("/v1/chat/completions", json: request)
            #expect(exchange.status == 200, "\(exchange.text)")
            #expect(exchange.json?["object"]?.stringValue == "chat.completion")
            #expect(exchange.json?["model"]?.stringValue == "claude-tools")
            let sent = try #require(upstream.requests.last)
            #expect(sent.path == "/v1/messages")
            #expect(sent.headers["x-api-key"] == "sk-ant-upstream")
            #expect(sent.headers["anthropic-version"] == "2023-06-01")
            #expect(sent.json?["system"]?.stringValue == "Be brief.")
            #expect(sent.json?["max_tokens"]?.intValue != nil)
            #expect(sent.json?["tools"]?.arrayValue?.first?["name"]?.stringValue == "get_weather")
        }
    }

    @Test func anthropicClientOnTheMockStreamsAnthropicEvents() async throws {
        try await Stack.run { harness, _ in
            let request: JSONValue = .object([
                "model": "mock-1", "max_tokens": .int(64), "stream": .bool(true),
                "messages": .array([.object(["role": "user", "content": "ping"])]),
            ])
            let (exchange, events) = try await harness.stream("/v1/messages", json: request)
            #expect(exchange.status == 200)
            let names = events.compactMap(\.event)
            #expect(names.first == "message_start")
            #expect(names.last == "message_stop")
            #expect(names.contains("content_block_delta"))
            let text = events.filter { $0.event == "content_block_delta" }
                .compactMap { (try? JSON.parse($0.data))?["delta"]?["text"]?.stringValue }.joined()
            #expect(text.hasSuffix("You said: ping"))
        }
    }

    @Test func errorsUseTheEndpointsOwnEnvelope() async throws {
        try await Stack.run { harness, _ in
            let anthropic = try await harness.post("/v1/messages", json: .object(["model": "mock-1"]), key: "sk-wrong")
            #expect(anthropic.status == 401)
            #expect(anthropic.json?["type"]?.stringValue == "error")
            #expect(anthropic.json?["error"]?["type"]?.stringValue == "authentication_error")
            let gemini = try await harness.post(
                "/v1beta/models/mock-1:generateContent", json: .object(["contents": .array([])]), key: "sk-wrong")
            #expect(gemini.status == 401)
            #expect(gemini.json?["error"]?["status"]?.stringValue == "UNAUTHENTICATED")
            let missing = try await harness.post("/v1/messages", json: .object(["model": "mock-1"]))
            #expect(missing.status == 400)
            #expect(missing.json?["error"]?["type"]?.stringValue == "invalid_request_error")
        }
    }

    @Test func geminiClientReachesAChatChannelAndResponsesChainOnTheMock() async throws {
        try await Stack.run { harness, upstream in
            let gemini = try await harness.send(
                .POST, "/v1beta/models/gpt-4o-mini:generateContent",
                body: JSON.serialize(.object(["contents": .array([.object([
                    "role": "user", "parts": .array([.object(["text": "Hi"])]),
                ])])])),
                key: nil, headers: [("x-goog-api-key", GatewayHarness.clientKey)])
            #expect(gemini.status == 200, "\(gemini.text)")
            #expect(gemini.json?["candidates"]?.arrayValue?.first?["content"]?["parts"] != nil)
            #expect(upstream.requests.last?.path == "/v1/chat/completions")

            let first = try await harness.post("/v1/responses", json: .object(["model": "mock-1", "input": "first"]))
            let firstID = try #require(first.json?["id"]?.stringValue)
            let second = try await harness.post("/v1/responses", json: .object([
                "model": "mock-1", "input": "second", "previous_response_id": .string(firstID),
            ]))
            #expect(second.status == 200)
            #expect(second.json?["previous_response_id"]?.stringValue == firstID)
            let items = try await harness.send(.GET, "/v1/responses/\(second.json?["id"]?.stringValue ?? "")/input_items?order=asc")
            let texts = items.json?["data"]?.arrayValue?.compactMap { $0["content"]?.arrayValue?.first?["text"]?.stringValue } ?? []
            #expect(texts.first == "first")
            #expect(texts.last == "second")
            let unknown = try await harness.post("/v1/responses", json: .object([
                "model": "mock-1", "input": "x", "previous_response_id": "resp_unknown",
            ]))
            #expect(unknown.status == 400)
            #expect(unknown.json?["error"]?["param"]?.stringValue == "previous_response_id")
        }
    }
}
