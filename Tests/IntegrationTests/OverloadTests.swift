import Testing
import Foundation
import SwitchboardCore
import SwitchboardServer
import SwitchboardTesting

/// Over `server.max_in_flight`, the gateway answers 503 at once in the endpoint's envelope rather
/// than queueing; a stream holds its place until its last byte.
@Suite("Overload")
struct OverloadTests {
    @Test func requestsBeyondTheInFlightLimitGet503AtOnce() async throws {
        try await Stack.run(customize: { $0.maxInFlight = 1 }) { gateway, _ in
            let slow = Task { try await gateway.stream("/v1/chat/completions", json: Stack.chat("slow", stream: true)) }
            try await Task.sleep(for: .milliseconds(400))
            let started = ContinuousClock.now
            let refused = try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1"))
            #expect(refused.status == 503)
            #expect(refused.json?["error"]?["code"]?.stringValue == "service_unavailable")
            #expect(refused.headers.first(name: "retry-after") == "1")
            #expect(ContinuousClock.now - started < .seconds(3), "answered at once, not queued behind the stream")
            let anthropic = try await gateway.post(
                "/v1/messages", json: ["model": "mock-1", "max_tokens": 16, "messages": [["role": "user", "content": "hi"]]])
            #expect(anthropic.status == 503)
            #expect(anthropic.json?["type"]?.stringValue == "error")
            #expect(try await gateway.send(.GET, "/health", key: nil).status == 200, "health is not limited")
            slow.cancel()
            _ = try? await slow.value
            var admitted = false
            for _ in 0..<40 where !admitted {
                try await Task.sleep(for: .milliseconds(100))
                admitted = try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1")).status == 200
            }
            #expect(admitted)
        }
    }
}
