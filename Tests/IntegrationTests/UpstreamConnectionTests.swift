import Testing
import SwitchboardCore
@testable import SwitchboardProviders
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
