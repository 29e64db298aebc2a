import Testing
import SwitchboardCore
@testable import SwitchboardProviders
import SwitchboardServer
import SwitchboardTesting

@Suite("Upstream connections")
struct UpstreamConnectionTests {
    @Test func keepAliveConnectionsAreReused() async throws {
        try await Stack.run { harness, upstream in
            for index in 0..<30 {
                let exchange = try await harness.post("/v1/chat/completions", json: Stack.chat("my-alias", stream: index.isMultiple(of: 2)))
                #expect(exchange.status == 200)
            }
            #expect(upstream.connectionCount >= 1)
            #expect(upstream.connectionCount <= 2, "30 sequential requests opened \(upstream.connectionCount) upstream connections")
        }
    }

    @Test func aStreamCutShortDoesNotPoisonThePool() async throws {
        try await Stack.run { harness, _ in
            let (_, events) = try await harness.stream("/v1/chat/completions", json: Stack.chat("dropping", stream: true))
            #expect(events.last?.dataString == "[DONE]")
            for _ in 0..<5 {
                #expect(try await harness.post("/v1/chat/completions", json: Stack.chat("my-alias")).status == 200)
            }
        }
    }

    /// An upstream that keeps sending, a byte every 100 ms, never trips the idle timeout (2 s) but
    /// is cut by the total one (1 s); the connection's one timer serves the three deadlines. No
    /// whole event arrives in that second, so a stream too ends as an error response.
    @Test(arguments: [false, true])
    func theTotalTimeoutCutsAnUpstreamThatNeverStopsSending(stream: Bool) async throws {
        try await Stack.run(channels: { upstream in
            [ChannelConfiguration(
                name: "dripping", provider: .openaiCompatible, baseURL: upstream.baseURL, modelMap: ["dripping": "fault:drip"],
                timeouts: ChannelTimeouts(connect: 2, firstByte: 2, idle: 2, total: 1))]
        }, customize: { $0.retries = RetryPolicy(attempts: 1) }) { harness, _ in
            let started = ContinuousClock.now
            let exchange = try await harness.post("/v1/chat/completions", json: Stack.chat("dripping", stream: stream))
            let elapsed = ContinuousClock.now - started
            #expect(exchange.status == 504)
            #expect(exchange.json?["error"]?["code"]?.stringValue == "upstream_timeout")
            #expect(elapsed >= .milliseconds(900) && elapsed < .milliseconds(1900), "cut after \(elapsed)")
        }
    }

    @Test(arguments: [
        ("http://127.0.0.1:8080/v1", "127.0.0.1", 8080, "/v1"),
        ("http://localhost/v1/", "localhost", 80, "/v1/"),
        ("http://vllm.internal:8000", "vllm.internal", 8000, "/"),
    ])
    func plainEndpointsAreParsed(_ url: String, _ host: String, _ port: Int, _ path: String) throws {
        let endpoint = try #require(PlainHTTP1Client.Endpoint(url: url))
        #expect(endpoint.host == host && endpoint.port == port && endpoint.path == path)
    }

    @Test(arguments: ["https://api.openai.com/v1", "http://[::1]:8080/v1", "http://user:pw@host/v1", "http://host:99999/v1", "ftp://x"])
    func otherURLsGoThroughAsyncHTTPClient(_ url: String) {
        #expect(PlainHTTP1Client.Endpoint(url: url) == nil)
    }
}
