import Testing
import SwitchboardCore
import SwitchboardTesting

/// `GET /metrics`: Prometheus text behind the admin key, counting each request once.
@Suite("GET /metrics")
struct MetricsTests {
    /// The value of the sample line that starts with `series`, if there is one.
    static func value(of series: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }
            .flatMap { Double($0.dropFirst(series.count + 1)) }
    }

    @Test func requestsAreCountedAndTheEndpointNeedsTheAdminKey() async throws {
        try await Stack.run { harness, _ in
            let refused = try await harness.send(.GET, "/metrics")
            #expect(refused.status == 401, "a client key is not enough")
            for stream in [false, true] {
                let answer = try await harness.post("/v1/chat/completions", json: Stack.chat("mock-1", stream: stream))
                #expect(answer.status == 200)
            }
            let missing = try await harness.post("/v1/chat/completions", json: Stack.chat("no-such-model"))
            #expect(missing.status == 404)
            await harness.gateway.recorder.flush()

            let metrics = try await harness.send(.GET, "/metrics", key: GatewayHarness.adminKey)
            #expect(metrics.status == 200)
            #expect(metrics.headers.first(name: "content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = metrics.text
            #expect(text.contains(#"switchboard_requests_total{endpoint="chat.completions",status="200",channel="mock"} 2"#), "\(text)")
            #expect(text.contains(#"switchboard_requests_total{endpoint="chat.completions",status="404",channel="none"} 1"#))
            #expect(text.contains(#"switchboard_request_duration_seconds_count{endpoint="chat.completions"} 3"#))
            // The instruments exist from a label set's first request on (at 0): their values count.
            #expect(Self.value(of: #"switchboard_time_to_first_token_seconds_count{endpoint="chat.completions"}"#, in: text) ?? 0 >= 1)
            #expect(Self.value(of: #"switchboard_tokens_total{channel="mock",kind="prompt"}"#, in: text) ?? 0 > 0)
            #expect(Self.value(of: #"switchboard_cancelled_requests_total{endpoint="chat.completions"}"#, in: text) ?? 0 == 0)
            #expect(text.contains("switchboard_in_flight_requests_count 0"))
            #expect(text.contains("switchboard_usage_records_pending_count 0"))
            #expect(!text.contains("no-such-model"), "client-chosen names never become labels")
        }
    }
}
