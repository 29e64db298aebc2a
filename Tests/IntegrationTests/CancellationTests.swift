import Testing
import Foundation
import AsyncHTTPClient
import NIOCore
import SwitchboardCore
import SwitchboardStore
import SwitchboardServer
import SwitchboardTesting

@Suite("Client disconnects and shutdown")
struct CancellationTests {
    @Test func aClientThatGoesAwayCancelsTheUpstreamRequestAtOnce() async throws {
        try await Stack.run(customize: { $0.pricing["slow"] = ModelPrice(input: 1, output: 2) }) { harness, upstream in
            var request = HTTPClientRequest(url: harness.baseURL + "/v1/chat/completions")
            request.method = .POST
            request.headers.add(name: "authorization", value: "Bearer \(GatewayHarness.clientKey)")
            request.body = .bytes(ByteBuffer(bytes: JSON.serialize(Stack.chat("slow", stream: true))))
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let response = try await client.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 200)
            var received = 0
            for try await chunk in response.body {
                received += chunk.readableBytes
                if received > 300 { break }
            }
            try await client.shutdown()
            let closed = ContinuousClock.now
            while upstream.disconnects == 0, ContinuousClock.now - closed < .seconds(3) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(upstream.disconnects == 1, "the upstream should see its connection closed")
            #expect(ContinuousClock.now - closed < .seconds(1))
            try await Task.sleep(for: .milliseconds(100))
            await harness.gateway.recorder.flush()
            let record = try #require(try await harness.gateway.store.recentUsage(limit: 1).first)
            #expect(record.cancelled)
            #expect(record.status == 499)
            // The upstream sent no usage before the cut: the request is charged for its prompt
            // estimate and the output counted so far.
            #expect(record.usage.promptTokens > 0)
            #expect(record.usage.completionTokens > 0)
            #expect(record.costUSD > 0)
        }
    }

    /// A client that leaves while its stream waits for the upstream's first byte ends the request:
    /// it used to be reported to failover as "the upstream closed the stream before it started",
    /// a 502 that was counted against the healthy channel and retried on the next one for nobody.
    @Test func aClientThatGoesAwayBeforeTheStreamOpensIsNotRetriedNorCountedAgainstTheChannel() async throws {
        try await Stack.runTwoChannels(first: ["pick": "fault:stall"], second: ["pick": "plain-second"]) { harness, upstream in
            // The client leaves once the stalled upstream holds its request, long before the first
            // channel's 2 s first-byte timeout. (A client timeout instead raced the request's own
            // arrival on a loaded machine: nothing had reached the upstream yet.)
            let port = IncompleteRequestTests.port(harness)
            let body = JSON.serialize(Stack.chat("pick", stream: true))
            let reachedUpstream = await RawHTTPConnection.onThread { () -> Bool in
                guard let connection = try? RawHTTPConnection.connect(port: port).get() else { return false }
                connection.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + "\(GatewayHarness.clientKey)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n")
                connection.send(body)
                var waited = 0
                while Stack.requests(to: upstream, model: "fault:stall") == 0, waited < 500 {
                    usleep(10_000)
                    waited += 1
                }
                return Stack.requests(to: upstream, model: "fault:stall") == 1
            }
            #expect(reachedUpstream, "the request reached the stalled upstream")
            let gone = ContinuousClock.now
            while upstream.disconnects == 0, ContinuousClock.now - gone < .seconds(3) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(upstream.disconnects == 1, "the stalled upstream request is cancelled")
            try await Task.sleep(for: .milliseconds(300))
            await harness.gateway.recorder.flush()
            #expect(Stack.requests(to: upstream, model: "plain-second") == 0, "nobody is left to answer")
            let failures = harness.gateway.breakers.snapshot(channel: "first").models.reduce(0) { $0 + $1.totalFailures }
            #expect(failures == 0, "a client leaving is not the channel's failure")
            let records = try await harness.gateway.store.recentUsage(limit: 5)
            #expect(records.map(\.status) == [499])
            #expect(records.first?.channel == "first")
        }
    }

    @Test func gracefulShutdownWritesEveryAcceptedRequest() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sb-drain-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sent = try await Stack.run(customize: { $0.databaseURL = "sqlite://\(path)" }) { harness, _ in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await harness.post("/v1/chat/completions", json: Stack.chat(index.isMultiple(of: 2) ? "mock-1" : "my-alias", stream: index % 3 == 0)).status
                    }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
        }
        #expect(sent.allSatisfy { $0 == 200 })
        let store = try await SQLStore.open(.sqliteFile(path: path))
        #expect(try await store.recentUsage(limit: 100).count == 40)
        await store.close()
    }
}
