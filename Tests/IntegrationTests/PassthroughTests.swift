import Testing
import Foundation
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Chat Completions relayed to an OpenAI-compatible upstream over loopback")
struct PassthroughTests {
    @Test func theUpstreamGetsTheClientsBodyWithOnlyTheModelRewritten() async throws {
        try await Stack.run { harness, upstream in
            let body = #"{"model":"my-alias","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{}}}}],"tool_choice":"auto","response_format":{"type":"json_object"},"reasoning_effort":"low","logprobs":true,"seed":42,"n":1,"user":"u-1","metadata":{"k":"v"},"service_tier":"flex","prompt_cache_key":"pk","max_completion_tokens":50,"a_future_field":{"x":[1.50,true]}}"#
            let exchange = try await harness.send(.POST, "/v1/chat/completions", body: Array(body.utf8))
            #expect(exchange.status == 200)
            let received = try #require(upstream.requests.last)
            #expect(received.path == "/v1/chat/completions")
            #expect(String(decoding: received.body, as: UTF8.self) == body.replacingOccurrences(of: "\"my-alias\"", with: "\"gpt-4o-mini\""))
            #expect(received.headers["authorization"] == "Bearer sk-upstream-secret")
            #expect(received.headers["x-org"] == "acme")
        }
    }

    @Test func theResponseKeepsEveryUpstreamFieldAndShowsTheAskedName() async throws {
        try await Stack.run { harness, _ in
            let exchange = try await harness.post("/v1/chat/completions", json: Stack.chat("my-alias"))
            #expect(exchange.status == 200)
            var expected = try #require(try JSON.parse(try Fixtures.data("openai/chat-nonstream-text.json")).objectValue)
            expected["model"] = "my-alias"
            #expect(exchange.json == .object(expected))
            #expect(exchange.headers.first(name: "x-request-id")?.hasPrefix("req_") == true)
            #expect(exchange.headers.first(name: "content-type") == "application/json")
        }
    }

    @Test func usageIsRecordedWithCachedAndReasoningTokens() async throws {
        try await Stack.run { harness, _ in
            let cached = try await harness.post("/v1/chat/completions", json: Stack.chat("cached"))
            let reasoning = try await harness.post("/v1/chat/completions", json: Stack.chat("reasoning"))
            #expect(cached.status == 200 && reasoning.status == 200)
            await harness.gateway.recorder.flush()
            let records = try await harness.gateway.store.recentUsage(limit: 10)
            let cachedRecord = try #require(records.first { $0.model == "cached" })
            #expect(cachedRecord.usage.cachedTokens == 4012)
            #expect(cachedRecord.upstreamModel == "fixture:chat-nonstream-cached-tokens")
            #expect(cachedRecord.channel == "upstream")
            #expect(cachedRecord.keyID == "static:harness")
            #expect(cachedRecord.status == 200)
            #expect(cachedRecord.requestID == cached.headers.first(name: "x-request-id"))
            #expect(!cachedRecord.streamed)
            #expect(records.first { $0.model == "reasoning" }?.usage.reasoningTokens == 192)
        }
    }

    @Test func parallelToolCallsSurviveTheTrip() async throws {
        try await Stack.run { harness, _ in
            let exchange = try await harness.post("/v1/chat/completions", json: Stack.chat("tools-parallel"))
            let calls = try #require(exchange.json?["choices"]?.arrayValue?.first?["message"]?["tool_calls"]?.arrayValue)
            #expect(calls.count == 2)
            #expect(calls.map { $0["function"]?["name"]?.stringValue } == ["GetWeatherArgs", "get_stock_price"])
        }
    }

    @Test func streamsAreRelayedWithUsageAskedUpstreamButNotForwarded() async throws {
        try await Stack.run { harness, upstream in
            let (exchange, events) = try await harness.stream("/v1/chat/completions", json: Stack.chat("my-alias", stream: true))
            #expect(exchange.status == 200)
            #expect(exchange.headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true)
            #expect(events.last?.dataString == "[DONE]")
            let chunks = events.dropLast().compactMap { try? JSON.parse($0.data) }
            #expect(chunks.count == events.count - 1)
            #expect(chunks.allSatisfy { $0["model"] == "my-alias" && $0["usage"]?.objectValue == nil })
            let text = chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }.joined()
            #expect(!text.isEmpty)
            #expect(upstream.requests.last?.json?["stream_options"]?["include_usage"] == .bool(true))

            await harness.gateway.recorder.flush()
            let record = try #require(try await harness.gateway.store.recentUsage(limit: 1).first)
            #expect(record.streamed)
            #expect(record.usage.promptTokens > 0 && record.usage.completionTokens > 0)
            #expect(record.timeToFirstTokenMilliseconds != nil)
        }
    }

    @Test func theUsageChunkReachesClientsThatAskForIt() async throws {
        try await Stack.run { harness, _ in
            let (_, events) = try await harness.stream("/v1/chat/completions", json: Stack.chat("tools-stream", stream: true, includeUsage: true))
            let chunks = events.dropLast().map { event in (try? JSON.parse(event.data)) ?? .null }
            let usageChunk = chunks.last ?? .null
            #expect(usageChunk["choices"]?.arrayValue?.isEmpty == true)
            #expect(usageChunk["usage"]?["total_tokens"]?.intValue ?? 0 > 0)
            var toolIndexes = Set<Int>()
            for chunk in chunks {
                for call in chunk["choices"]?.arrayValue?.first?["delta"]?["tool_calls"]?.arrayValue ?? [] {
                    if let index = call["index"]?.intValue { toolIndexes.insert(index) }
                }
            }
            #expect(toolIndexes == [0, 1])
        }
    }

    @Test func theBuiltInMockAnswersOverHTTP() async throws {
        try await Stack.run { harness, _ in
            let exchange = try await harness.post("/v1/chat/completions", json: Stack.chat("mock-1"))
            #expect(exchange.json?["choices"]?.arrayValue?.first?["message"]?["content"] == "Hello from the Switchboard mock model. You said: Hello there")
            let (_, events) = try await harness.stream("/v1/chat/completions", json: Stack.chat("mock-1", stream: true, includeUsage: true))
            #expect(events.count > 5)
            #expect(events.last?.dataString == "[DONE]")
            #expect(try JSON.parse(events[events.count - 2].data)["usage"]?["completion_tokens"] == .int(10))
        }
    }

    @Test func modelsListOnlyWhatTheKeyMayUse() async throws {
        try await Stack.run { harness, _ in
            let all = try await harness.send(.GET, "/v1/models")
            let ids = all.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.contains("mock-1") && ids.contains("my-alias") && ids.contains("gpt-4o-mini"))
            #expect(all.json?["object"] == "list")
            let limited = try await harness.send(.GET, "/v1/models", key: Stack.mockOnlyKey)
            #expect(limited.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["mock-1"])
            let one = try await harness.send(.GET, "/v1/models/my-alias")
            #expect(one.json?["id"] == "my-alias" && one.json?["object"] == "model")
            let hidden = try await harness.send(.GET, "/v1/models/my-alias", key: Stack.mockOnlyKey)
            #expect(hidden.status == 404)
            #expect(hidden.json?["error"]?["code"] == "model_not_found")
        }
    }

    @Test func keysCreatedAndRevokedInTheStoreTakeEffectWithinASecond() async throws {
        try await Stack.run { harness, _ in
            let (key, secret) = try await harness.gateway.store.createKey(.init(name: "late"))
            let started = ContinuousClock.now
            var status = 0
            // The contract is 1 s (ReplicaTests measures it); a loaded test machine gets slack here.
            while ContinuousClock.now - started < .seconds(3) {
                status = try await harness.send(.GET, "/v1/models", key: secret).status
                if status == 200 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(status == 200)
            _ = try await harness.gateway.store.revokeKey(id: key.id)
            let revoked = ContinuousClock.now
            while ContinuousClock.now - revoked < .seconds(3) {
                status = try await harness.send(.GET, "/v1/models", key: secret).status
                if status == 401 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(status == 401)
        }
    }
}
