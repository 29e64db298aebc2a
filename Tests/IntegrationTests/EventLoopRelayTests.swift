import Testing
import Foundation
import AsyncHTTPClient
import NIOCore
import SwitchboardCore
import SwitchboardProviders
import SwitchboardServer
import SwitchboardStore
import SwitchboardTesting

/// The event-loop relay (`server.event_loop_relay`, on by default) serves Chat Completions
/// passthroughs to plain-HTTP upstreams without a task; everything else goes the task path. The
/// other suites run through whichever path a request takes; this one checks that the relay is
/// the one serving, and that both paths give the same answers, headers and usage records.
@Suite("Event-loop relay")
struct EventLoopRelayTests {
    static let limitedKey = "sk-test-limited-0123456789abcdef"

    /// The gateway's count of requests the relay took.
    static func relayed(_ harness: GatewayHarness) async throws -> Int {
        let metrics = try await harness.send(.GET, "/metrics", key: GatewayHarness.adminKey).text
        let line = metrics.split(separator: "\n").first { $0.hasPrefix("switchboard_event_loop_relays_total ") }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? -1
    }

    @Test func passthroughsAreRelayedOnTheEventLoopAndTheRestInATask() async throws {
        try await Stack.run { harness, _ in
            #expect(try await harness.post("/v1/chat/completions", json: Stack.chat("gpt-4o-mini")).status == 200)
            let (streamed, events) = try await harness.stream("/v1/chat/completions", json: Stack.chat("my-alias", stream: true))
            #expect(streamed.status == 200 && events.last?.dataString == "[DONE]")
            #expect(try await Self.relayed(harness) == 2)
            // The built-in mock translates: the task path serves it, once (the relay handed it over).
            #expect(try await harness.post("/v1/chat/completions", json: Stack.chat("mock-1")).status == 200)
            #expect(try await Self.relayed(harness) == 2)
            await harness.gateway.recorder.flush()
            let records = try await harness.gateway.store.recentUsage(limit: 10)
            #expect(records.count == 3, "one record per request, handed over or not")
        }
        try await Stack.run(customize: { $0.eventLoopRelay = false }) { harness, _ async throws in
            #expect(try await harness.post("/v1/chat/completions", json: Stack.chat("gpt-4o-mini")).status == 200)
            #expect(try await Self.relayed(harness) == 0, "turned off, the relay takes nothing")
        }
    }

    /// One request as a client sees it and as the gateway records it, without what differs
    /// between any two requests (ids, times, dates).
    struct Observed: Equatable, CustomStringConvertible {
        var status: Int
        var headers: [String: String]
        var body: String
        var record: String?

        var description: String { "\(status) \(headers) \(body.prefix(400)) record: \(record ?? "none")" }
    }

    static let keptHeaders = [
        "content-type", "retry-after", "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests",
        "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens",
    ]

    /// Sends `body` (raw bytes) with `key` and reads what came back and what was recorded.
    static func observe(
        _ harness: GatewayHarness, body: [UInt8], key: String?, stream: Bool
    ) async throws -> Observed {
        let before = try await harness.gateway.store.recentUsage(limit: 1000).count
        let exchange = try await harness.send(.POST, "/v1/chat/completions", body: body, key: key)
        #expect(exchange.headers.first(name: "x-request-id")?.hasPrefix("req_") == true)
        #expect(exchange.headers.first(name: "date") != nil)
        var headers: [String: String] = [:]
        for name in keptHeaders { headers[name] = exchange.headers.first(name: name) }
        var text = exchange.text
        if stream {
            // Ids and creation times are the upstream's per answer; the events' shapes are compared.
            text = text.replacingOccurrences(of: #""(id|created|system_fingerprint)":("[^"]*"|\d+)"#, with: "", options: .regularExpression)
        } else if var object = exchange.json?.objectValue {
            object["id"] = nil
            object["created"] = nil
            text = String(decoding: JSON.serialize(.object(object)), as: UTF8.self)
        }
        await harness.gateway.recorder.flush()
        let records = try await harness.gateway.store.recentUsage(limit: 1000)
        let record = records.count > before ? records.first.map { record in
            "\(record.status) \(record.errorCode ?? "-") \(record.model) \(record.upstreamModel ?? "-") \(record.channel ?? "-") "
                + "\(record.usage.promptTokens)/\(record.usage.completionTokens) streamed=\(record.streamed) "
                + "ttft=\(record.timeToFirstTokenMilliseconds != nil) cancelled=\(record.cancelled)"
        } : nil
        return Observed(status: exchange.status, headers: headers, body: text, record: record)
    }

    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let body: [UInt8]
        var key: String? = GatewayHarness.clientKey
        var stream = false
        var description: String { name }
    }

    static func chat(_ model: String, stream: Bool = false, includeUsage: Bool = false, extra: JSONObject = [:]) -> [UInt8] {
        JSON.serialize(Stack.chat(model, stream: stream, includeUsage: includeUsage, extra: extra))
    }

    static let cases: [Case] = [
        Case(name: "an answer", body: chat("gpt-4o-mini")),
        Case(name: "an alias with cached and reasoning tokens", body: chat("reasoning")),
        Case(name: "a stream", body: chat("my-alias", stream: true), stream: true),
        Case(name: "a stream with usage", body: chat("tools-stream", stream: true, includeUsage: true), stream: true),
        Case(name: "a stream failing inside", body: chat("failing-stream", stream: true), stream: true),
        Case(name: "a stream dropped half-way", body: chat("dropping", stream: true), stream: true),
        Case(name: "an upstream 429 with Retry-After", body: chat("limited")),
        Case(name: "an upstream 400", body: chat("rejects-max-tokens")),
        Case(name: "an upstream 500", body: chat("broken")),
        Case(name: "an answer that is not JSON", body: chat("garbled")),
        Case(name: "a stream answered with JSON", body: chat("garbled", stream: true), stream: true),
        Case(name: "an unreachable upstream", body: chat("unreachable")),
        Case(name: "rate-limit headers", body: chat("gpt-4o-mini"), key: limitedKey),
        Case(name: "no key", body: chat("gpt-4o-mini"), key: nil),
        Case(name: "a wrong key", body: chat("gpt-4o-mini"), key: "sk-wrong-0123456789"),
        Case(name: "a model the key may not use", body: chat("gpt-4o-mini"), key: Stack.mockOnlyKey),
        Case(name: "an unknown model", body: chat("nobody-serves-this")),
        Case(name: "broken JSON", body: Array(#"{"model": "gpt-4o-mini", "messages": ["#.utf8)),
        Case(name: "no messages", body: Array(#"{"model": "gpt-4o-mini"}"#.utf8)),
        Case(name: "a body over max_body_bytes", body: chat("gpt-4o-mini", extra: ["user": .string(String(repeating: "x", count: 5000))])),
        Case(name: "the mock (handed over)", body: chat("mock-1")),
    ]

    @Test(arguments: cases)
    func bothPathsAnswerAlike(_ scenario: Case) async throws {
        var seen: [Observed] = []
        for relay in [true, false] {
            let observed = try await Stack.run(customize: { configuration in
                configuration.eventLoopRelay = relay
                configuration.maxBodyBytes = 4096
                configuration.keys.append(StaticClientKey(
                    name: "limited", key: Self.limitedKey, limits: .init(rpm: 100, tpm: 1_000_000)))
            }) { harness, _ in
                try await Self.observe(harness, body: scenario.body, key: scenario.key, stream: scenario.stream)
            }
            seen.append(observed)
        }
        #expect(seen[0] == seen[1], "relay: \(seen[0])\ntask:  \(seen[1])")
    }

    @Test func pipelinedRelayedRequestsAreAnsweredInOrder() async throws {
        try await Stack.run { harness, _ in
            let port = IncompleteRequestTests.port(harness)
            let first = #"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}"#
            let stream = #"{"model":"my-alias","stream":true,"messages":[{"role":"user","content":"Hello"}]}"#
            let refused = #"{"model":"gpt-4o-mini"}"#
            let responses = await RawHTTPConnection.onThread { () -> [RawHTTPConnection.Response] in
                guard let connection = try? RawHTTPConnection.connect(port: port).get() else { return [] }
                connection.send(ConnectionTests.post("/v1/chat/completions", first) + ConnectionTests.get("/health")
                    + ConnectionTests.post("/v1/chat/completions", stream) + ConnectionTests.post("/v1/chat/completions", refused)
                    + ConnectionTests.post("/v1/chat/completions", first))
                return (0..<5).compactMap { _ in connection.readResponse() }
            }
            try #require(responses.count == 5)
            #expect(responses.map(\.status) == [200, 200, 200, 400, 200])
            #expect(responses[0].json?["model"]?.stringValue == "gpt-4o-mini")
            #expect(responses[1].json?["status"]?.stringValue == "ok")
            #expect(String(decoding: responses[2].body, as: UTF8.self).hasSuffix("data: [DONE]\n\n"))
            #expect(responses[3].json?["error"]?["param"]?.stringValue == "messages")
            #expect(Set(responses.compactMap { $0.headers["x-request-id"] }).count == 5)
            // The 400 was answered before any route was chosen: counted as served, not relayed.
            #expect(try await Self.relayed(harness) == 3)
        }
    }

    /// A relayed stream still running when the shutdown grace runs out ends with OpenAI's error
    /// event and `[DONE]`, and is recorded as 503 with what it had generated.
    @Test func aRelayedStreamStillRunningAtTheShutdownDeadlineEndsWithAnErrorEvent() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sb-relay-grace-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let clock = ContinuousClock()
        let (reader, shutdownBegan) = try await Stack.run(channels: { upstream in
            [ChannelConfiguration(
                name: "stalling", provider: .openaiCompatible, baseURL: upstream.baseURL,
                modelMap: ["stalling": "fault:stall-mid-stream-60"], timeouts: ChannelTimeouts(connect: 2, firstByte: 5, idle: 90, total: 120))]
        }, customize: {
            $0.databaseURL = "sqlite://\(path)"
            $0.shutdownGrace = 0.5
        }) { harness, _ in
            var request = HTTPClientRequest(url: harness.baseURL + "/v1/chat/completions")
            request.method = .POST
            request.headers.add(name: "authorization", value: "Bearer \(GatewayHarness.clientKey)")
            request.body = .bytes(ByteBuffer(bytes: JSON.serialize(Stack.chat("stalling", stream: true))))
            let response = try await harness.client.execute(request, timeout: .seconds(40))
            #expect(response.status.code == 200)
            let reader = Task { () -> [UInt8] in
                var bytes: [UInt8] = []
                var iterator = response.body.makeAsyncIterator()
                while let part = try? await iterator.next() { bytes += part.readableBytesView }
                return bytes
            }
            try await Task.sleep(for: .milliseconds(300))
            return (reader, clock.now)
        }
        let text = String(decoding: await reader.value, as: UTF8.self)
        #expect(clock.now - shutdownBegan < .seconds(15))
        #expect(text.contains("shutting down"), "\(text.suffix(400))")
        #expect(text.hasSuffix("data: [DONE]\n\n"))
        let store = try await SQLStore.open(.sqliteFile(path: path))
        let records = try await store.recentUsage(limit: 10)
        await store.close()
        #expect(records.map(\.status) == [503])
        #expect(records.first?.streamed == true)
    }

    /// A client that closes its sending side while a relayed stream runs is done with it: the
    /// upstream request is cancelled, the stream ends and the request is recorded as 499.
    @Test func aClientThatHalfClosesDuringARelayedStreamEndsIt() async throws {
        try await Stack.run { harness, upstream in
            let port = IncompleteRequestTests.port(harness)
            let body = #"{"model":"slow","stream":true,"messages":[{"role":"user","content":"Hello"}]}"#
            let started = ContinuousClock.now
            let ending = await RawHTTPConnection.onThread { () -> RawHTTPConnection.Ending? in
                guard let connection = try? RawHTTPConnection.connect(port: port, timeout: 8).get() else { return nil }
                connection.send(ConnectionTests.post("/v1/chat/completions", body))
                var waited = 0
                while Stack.requests(to: upstream, model: "fault:slow-stream") == 0, waited < 500 {
                    usleep(10_000)
                    waited += 1
                }
                usleep(200_000)
                connection.closeWrite()
                return connection.readUntilClosed().ending
            }
            #expect(ending == .closed, "the gateway ends the stream and closes the connection")
            #expect(ContinuousClock.now - started < .seconds(6), "well before the 10 s stream would end")
            let gone = ContinuousClock.now
            while upstream.disconnects == 0, ContinuousClock.now - gone < .seconds(3) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(upstream.disconnects == 1, "the upstream request is cancelled")
            await harness.gateway.recorder.flush()
            let records = try await harness.gateway.store.recentUsage(limit: 5)
            #expect(records.map(\.status) == [499])
            #expect(records.first?.cancelled == true)
            #expect(try await Self.relayed(harness) == 1)
        }
    }
}
