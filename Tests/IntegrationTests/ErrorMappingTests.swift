import Testing
import Foundation
import SwitchboardCore
import SwitchboardTesting

@Suite("Errors reach the client in OpenAI's envelope with the right status")
struct ErrorMappingTests {
    static func expectError(_ exchange: GatewayHarness.Exchange, status: Int, type: String, code: String?, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(exchange.status == status, sourceLocation: sourceLocation)
        let error = exchange.json?["error"]
        #expect(error?["type"]?.stringValue == type, "\(exchange.text)", sourceLocation: sourceLocation)
        #expect(error?["code"]?.stringValue == code, "\(exchange.text)", sourceLocation: sourceLocation)
        #expect(error?["message"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(exchange.headers.first(name: "x-request-id")?.hasPrefix("req_") == true, sourceLocation: sourceLocation)
        #expect(exchange.headers.first(name: "content-type") == "application/json", sourceLocation: sourceLocation)
    }

    @Test func authenticationFailuresAre401() async throws {
        try await Stack.run { harness, _ in
            Self.expectError(try await harness.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: nil), status: 401, type: "authentication_error", code: "invalid_api_key")
            Self.expectError(try await harness.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: "sk-wrong-0123456789"), status: 401, type: "authentication_error", code: "invalid_api_key")
            let viaHeader = try await harness.send(.GET, "/v1/models", key: nil, headers: [("x-api-key", GatewayHarness.clientKey)])
            #expect(viaHeader.status == 200)
        }
    }

    @Test func modelErrorsAre404And403() async throws {
        try await Stack.run { harness, _ in
            Self.expectError(try await harness.post("/v1/chat/completions", json: Stack.chat("no-such-model")), status: 404, type: "invalid_request_error", code: "model_not_found")
            Self.expectError(try await harness.post("/v1/chat/completions", json: Stack.chat("my-alias"), key: Stack.mockOnlyKey), status: 403, type: "permission_error", code: "model_not_allowed")
        }
    }

    @Test func badBodiesAre400NamingTheField() async throws {
        try await Stack.run { harness, _ in
            let malformed = try await harness.send(.POST, "/v1/chat/completions", body: Array("{\"model\": \"mock-1\", ".utf8))
            Self.expectError(malformed, status: 400, type: "invalid_request_error", code: "invalid_request")
            let missing = try await harness.post("/v1/chat/completions", json: .object(["model": "mock-1"]))
            Self.expectError(missing, status: 400, type: "invalid_request_error", code: "invalid_request")
            #expect(missing.json?["error"]?["param"] == "messages")
            let wrongType = try await harness.post("/v1/chat/completions", json: .object(["model": .int(4), "messages": .array([])]))
            #expect(wrongType.json?["error"]?["param"] == "model")
            let invalidUTF8 = try await harness.send(.POST, "/v1/chat/completions", body: Array(#"{"model":"mock-1","messages":[{"role":"user","content":""#.utf8) + [0xFF, 0xFE] + Array(#""}]}"#.utf8))
            Self.expectError(invalidUTF8, status: 400, type: "invalid_request_error", code: "invalid_request")
        }
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        try await Stack.run(customize: { $0.maxBodyBytes = 1024 }) { harness, _ in
            let big = Stack.chat("mock-1", extra: ["padding": .string(String(repeating: "x", count: 4096))])
            Self.expectError(try await harness.post("/v1/chat/completions", json: big), status: 413, type: "invalid_request_error", code: "request_too_large")
        }
    }

    @Test func upstreamErrorsArePassedOnWithTheUpstreamsMessage() async throws {
        try await Stack.run { harness, _ in
            let limited = try await harness.post("/v1/chat/completions", json: Stack.chat("limited"))
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "retry-after") == "7")
            #expect(limited.json?["error"]?["message"] == "Injected upstream failure 429")
            let broken = try await harness.post("/v1/chat/completions", json: Stack.chat("broken"))
            #expect(broken.status == 500)
            #expect(broken.json?["error"]?["message"] == "Injected upstream failure 500")
            let streamed = try await harness.post("/v1/chat/completions", json: Stack.chat("overloaded", stream: true))
            #expect(streamed.status == 503, "a stream that fails before its first byte gets the upstream's status, not a 200")
            let rejected = try await harness.post("/v1/chat/completions", json: Stack.chat("rejects-max-tokens"))
            #expect(rejected.status == 400)
            #expect(rejected.json?["error"]?["code"] == "unsupported_parameter")
            #expect(rejected.json?["error"]?["param"] == "max_tokens")
        }
    }

    @Test func unreachableUpstreamsAre502AndSlowOnes504() async throws {
        try await Stack.run { harness, _ in
            Self.expectError(try await harness.post("/v1/chat/completions", json: Stack.chat("unreachable")), status: 502, type: "upstream_error", code: "upstream_error")
            let started = ContinuousClock.now
            Self.expectError(try await harness.post("/v1/chat/completions", json: Stack.chat("stalled")), status: 504, type: "upstream_error", code: "upstream_timeout")
            #expect(ContinuousClock.now - started < .seconds(10), "the first-byte timeout ends it, not the stall")
            Self.expectError(try await harness.post("/v1/chat/completions", json: Stack.chat("garbled")), status: 502, type: "upstream_error", code: "upstream_error")
            let notAStream = try await harness.post("/v1/chat/completions", json: Stack.chat("garbled", stream: true))
            Self.expectError(notAStream, status: 502, type: "upstream_error", code: "upstream_error")
            #expect(notAStream.json?["error"]?["message"]?.stringValue?.contains("instead of an event stream") == true)
            let refused = try await harness.post("/v1/chat/completions", json: Stack.chat("unreachable"))
            #expect(refused.json?["error"]?["message"] == "The upstream could not be reached (connection refused).")
        }
    }

    @Test func failuresInsideAStreamBecomeAnErrorEventThenTheEnd() async throws {
        try await Stack.run { harness, _ in
            for model in ["dropping", "failing-stream"] {
                let (exchange, events) = try await harness.stream("/v1/chat/completions", json: Stack.chat(model, stream: true))
                #expect(exchange.status == 200)
                #expect(events.count >= 4, "\(model): \(events.map(\.dataString))")
                let error = events.dropLast().last.flatMap { try? JSON.parse($0.data) }?["error"]
                #expect(error?["message"]?.stringValue?.isEmpty == false, "\(model)")
                #expect(events.last?.dataString == "[DONE]", "\(model)")
            }
            await harness.gateway.recorder.flush()
            let records = try await harness.gateway.store.recentUsage(limit: 10)
            #expect(records.filter { $0.streamed && $0.status >= 500 }.count == 2)
        }
    }

    @Test func unknownPathsAndMethodsGetJSONNotHTML() async throws {
        try await Stack.run { harness, _ in
            let unknown = try await harness.send(.GET, "/v1/nothing-here")
            #expect(unknown.status == 404)
            #expect(unknown.json?["error"]?["type"] == "invalid_request_error")
            let health = try await harness.send(.GET, "/health", key: nil)
            #expect(health.json == .object(["status": "ok"]))
        }
    }

    @Test func rejectedRequestsAreRecordedToo() async throws {
        try await Stack.run { harness, _ in
            _ = try await harness.post("/v1/chat/completions", json: Stack.chat("no-such-model"))
            _ = try await harness.post("/v1/chat/completions", json: .object(["model": "mock-1"]))
            await harness.gateway.recorder.flush()
            let statuses = try await harness.gateway.store.recentUsage(limit: 10).map(\.status).sorted()
            #expect(statuses == [400, 404])
        }
    }
}
