import Testing
import SwitchboardCore
import SwitchboardTesting

/// A real client path with the wrong method is 405 with `Allow` (from the gateway's OpenAPI
/// document) in the endpoint's envelope; an unknown path stays 404.
@Suite("Wrong method")
struct MethodNotAllowedTests {
    @Test func aWrongMethodIs405WithAllow() async throws {
        try await Stack.run { harness, _ in
            let chat = try await harness.send(.GET, "/v1/chat/completions")
            #expect(chat.status == 405)
            #expect(chat.headers.first(name: "allow") == "POST")
            #expect(chat.json?["error"]?["code"]?.stringValue == "method_not_allowed")
            #expect(chat.headers.first(name: "x-request-id") != nil)

            let models = try await harness.send(.DELETE, "/v1/models")
            #expect(models.status == 405)
            #expect(models.headers.first(name: "allow") == "GET")

            let stored = try await harness.send(.PUT, "/v1/responses/resp_123")
            #expect(stored.status == 405)
            #expect(stored.headers.first(name: "allow") == "DELETE, GET")

            let messages = try await harness.send(.GET, "/v1/messages")
            #expect(messages.status == 405)
            #expect(messages.json?["type"]?.stringValue == "error", "the Anthropic endpoint answers in its own envelope")

            let gemini = try await harness.send(
                .PUT, "/v1beta/models/mock-1:generateContent", key: nil, headers: [("x-goog-api-key", GatewayHarness.clientKey)])
            #expect(gemini.status == 405)
            #expect(gemini.headers.first(name: "allow") == "POST", "the action path, not GET /v1beta/models/{model}")

                        let unknown = try await harness.send(.POST, "/v1/no-such-endpoint")
            #expect(unknown.status == 404)
            #expect(unknown.headers.first(name: "allow") == nil)
        }
    }
}
