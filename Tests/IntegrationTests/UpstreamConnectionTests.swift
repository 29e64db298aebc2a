import NIOCore
import NIOHTTP1
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

    /// A request is its head's bytes, made once, with `Host` added when missing, the framing
    /// headers the caller passed left out, its own `Content-Length` and its body.
    @Test func requestHeadsAreSerializedOnceAndFramedByTheBody() throws {
        let endpoint = try #require(PlainHTTP1Client.Endpoint(url: "http://127.0.0.1:8080/v1/chat/completions"))
        let head = PlainHTTP1RequestHead(endpoint: endpoint, method: .POST, headers: [
            "Content-Type": "application/json", "Content-Length": "999", "Authorization": "Bearer sk-x",
            "Transfer-Encoding": "chunked", "X-Channel": "a, b",
        ])
        #expect(head.observed.method == .POST && head.observed.uri == "/v1/chat/completions")
        let request = head.request(body: Array(#"{"model":"m"}"#.utf8), allocator: ByteBufferAllocator())
        #expect(String(buffer: request) == """
            POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nContent-Type: application/json\r\n\
            Authorization: Bearer sk-x\r\nX-Channel: a, b\r\ncontent-length: 13\r\n\r\n{"model":"m"}
            """)

        let named = PlainHTTP1RequestHead(endpoint: endpoint, method: .GET, headers: ["Host": "upstream.internal"])
        #expect(String(buffer: named.request(body: nil, allocator: ByteBufferAllocator())) == """
            GET /v1/chat/completions HTTP/1.1\r\nHost: upstream.internal\r\ncontent-length: 0\r\n\r\n
            """)
    }

    /// Requests go out as bytes, past NIO's encoder: the upstream receives the channel's headers
    /// and the whole body, JSON and streamed, on kept-alive connections.
    @Test(arguments: [false, true])
    func requestsWrittenAsBytesArriveWhole(stream: Bool) async throws {
        try await Stack.run { harness, upstream in
            for _ in 0..<3 {
                let exchange = try await harness.post("/v1/chat/completions", json: Stack.chat("my-alias", stream: stream))
                #expect(exchange.status == 200)
                let received = try #require(upstream.requests.last)
                #expect(received.method == "POST" && received.path == "/v1/chat/completions")
                #expect(received.headers["authorization"] == "Bearer sk-upstream-secret")
                #expect(received.headers["x-org"] == "acme")
                #expect(received.headers["content-type"] == "application/json")
                #expect(received.headers["accept"] == (stream ? "text/event-stream" : "application/json"))
                #expect(received.headers["content-length"] == String(received.body.count))
                #expect(received.headers["transfer-encoding"] == nil)
                #expect(received.json?["model"]?.stringValue == "gpt-4o-mini")
                #expect(received.json?["messages"]?.arrayValue?.first?["content"]?.stringValue == "Hello there")
            }
            #expect(upstream.connectionCount == 1)
        }
    }
}
