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
