import Testing
import Foundation
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import SwitchboardTesting

/// Tasks on real upstream shapes (the test upstream): OpenAI videos with the content streamed by
/// the gateway, a Suno-style `task-http` channel with actions, and signed webhooks.
@Suite("Task providers and webhooks")
struct TaskProviderTests {
    @Test func anOpenAIVideoRunsUpstreamAndItsContentIsStreamedBack() async throws {
        try await TaskStack.run { gateway, upstream in
            let id = try await gateway.submitTask(["model": "sora-2", "prompt": "A calico cat", "seconds": 8, "size": "1280x720"])
            let final = try #require(try await gateway.waitForTask(id).last)
            #expect(final["status"]?.stringValue == "succeeded", "\(final)")
            let url = try #require(final["result"]?["urls"]?.arrayValue?.first?.stringValue)
            #expect(url == gateway.baseURL + "/v1/tasks/\(id)/content")
            #expect(final["result"]?["seconds"]?.stringValue == "8")
            let create = try #require(upstream.requests.first { $0.path == "/v1/videos" })
            #expect(create.json?["model"]?.stringValue == "sora-2")
            #expect(create.json?["seconds"]?.stringValue == "8", "OpenAI takes seconds as a string")
            #expect(create.json?["size"]?.stringValue == "1280x720")
            #expect(create.headers["authorization"] == "Bearer sk-upstream")
            let content = try await gateway.send(.GET, "/v1/tasks/\(id)/content")
            #expect(content.status == 200)
            #expect(content.headers.first(name: "content-type") == "video/mp4")
            #expect(content.body.count > 8 && Array(content.body[4..<8]) == Array("ftyp".utf8))
            await gateway.gateway.recorder.flush()
            let record = try #require(try await gateway.gateway.store.recentUsage(limit: 20).first { $0.requestID == id })
            #expect(abs(record.costUSD - 0.8) < 1e-9, "8 seconds of sora-2 at $0.10")
        }
    }

    @Test func aFailedOpenAIVideoCarriesTheUpstreamsError() async throws {
        try await TaskStack.run { gateway, _ in
            let id = try await gateway.submitTask(["model": "sora-2", "prompt": "this should fail"])
            let final = try #require(try await gateway.waitForTask(id).last)
            #expect(final["status"]?.stringValue == "failed")
            #expect(final["error"]?["code"]?.stringValue == "moderation_blocked")
            let content = try await gateway.send(.GET, "/v1/tasks/\(id)/content")
            #expect(content.status == 400)
            #expect(content.json?["error"]?["code"]?.stringValue == "task_not_ready")
        }
    }

    @Test func aSunoStyleChannelSubmitsEachActionToItsPathAndReadsTheClips() async throws {
        try await TaskStack.run { gateway, upstream in
            let song = try await gateway.submitTask(["model": "suno-music", "prompt": "a sea shanty", "make_instrumental": false])
            let lyrics = try await gateway.submitTask(["model": "suno-music", "prompt": "words", "action": "lyrics"])
            let final = try #require(try await gateway.waitForTask(song).last)
            #expect(final["status"]?.stringValue == "succeeded", "\(final)")
            let urls = final["result"]?["urls"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(urls.count == 2)
            #expect(urls.allSatisfy { $0.hasSuffix(".mp3") })
            #expect(final["result"]?["upstream_result"]?.arrayValue?.count == 2)
            #expect(try await gateway.waitForTask(lyrics).last?["status"]?.stringValue == "succeeded")
            let submits = upstream.requests.filter { $0.path.hasPrefix("/suno/submit/") }
            #expect(Set(submits.map(\.path)) == ["/suno/submit/music", "/suno/submit/lyrics"])
            let music = try #require(submits.first { $0.path == "/suno/submit/music" })
            #expect(music.json?["mv"]?.stringValue == "chirp-v4", "the upstream model goes to model_field")
            #expect(music.json?["model"] == nil)
            #expect(music.json?["make_instrumental"]?.boolValue == false, "the client's fields pass through")
            #expect(music.json?["action"] == nil)
            await gateway.gateway.recorder.flush()
            let record = try #require(try await gateway.gateway.store.recentUsage(limit: 20).first { $0.requestID == song })
            #expect(abs(record.costUSD - 1.8375) < 1e-9, "both clips' durations (183.75 s) at the configured $0.01 a second")
        }
    }

    @Test func aSunoStyleFailureCarriesTheUpstreamsReason() async throws {
        try await TaskStack.run { gateway, _ in
            let id = try await gateway.submitTask(["model": "suno-music", "prompt": "fail me"])
            let final = try #require(try await gateway.waitForTask(id).last)
            #expect(final["status"]?.stringValue == "failed")
            #expect(final["error"]?["message"]?.stringValue == "The prompt was refused by the test upstream.")
        }
    }

    @Test func aWanStyleVideoRunsOnTheREADMEsDashScopeConfig() async throws {
        try await TaskStack.run { gateway, upstream in
            let id = try await gateway.submitTask([
                "model": "wan2.2-t2v-plus", "input": ["prompt": "A kite over the sea"], "parameters": ["duration": 5],
            ])
            let final = try #require(try await gateway.waitForTask(id).last)
            #expect(final["status"]?.stringValue == "succeeded", "\(final)")
            let url = try #require(final["result"]?["urls"]?.arrayValue?.first?.stringValue)
            #expect(url.hasSuffix(".mp4"))
            let submit = try #require(upstream.requests.first { $0.path == "/api/v1/services/aigc/video-generation/video-synthesis" })
            #expect(submit.json?["input"]?["prompt"]?.stringValue == "A kite over the sea", "DashScope's own body passes through")
            #expect(submit.headers["x-dashscope-async"] == "enable")
            await gateway.gateway.recorder.flush()
            let record = try #require(try await gateway.gateway.store.recentUsage(limit: 20).first { $0.requestID == id })
            #expect(abs(record.costUSD - 0.5) < 1e-9, "usage.video_duration (5 s) at $0.10")

            let refused = try await gateway.submitTask(["model": "wan2.2-t2v-plus", "input": ["prompt": "fail this"]])
            let failed = try #require(try await gateway.waitForTask(refused).last)
            #expect(failed["status"]?.stringValue == "failed")
            #expect(failed["error"]?["message"]?.stringValue == "Input data may contain inappropriate content.")
        }
    }

    @Test func theWebhookIsSignedAndRetriedUntilAccepted() async throws {
        TaskStack.installWebhookSecret
        try await TaskStack.run(mockSeconds: 0.2) { gateway, upstream in
            let hook = "http://127.0.0.1:\(upstream.port)/hooks/200"
            let id = try await gateway.submitTask(["model": "mock-video-1", "prompt": "ring me", "webhook_url": .string(hook)])
            let refused = "http://127.0.0.1:\(upstream.port)/hooks/503"
            let retried = try await gateway.submitTask(["model": "mock-video-1", "prompt": "ring again", "webhook_url": .string(refused)])
            #expect(try await gateway.waitForTask(id).last?["status"]?.stringValue == "succeeded")
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline,
                  upstream.requests.filter({ $0.path == "/hooks/200" }).isEmpty || upstream.requests.filter({ $0.path == "/hooks/503" }).count < 2 {
                try await Task.sleep(for: .milliseconds(100))
            }
            let delivered = try #require(upstream.requests.first { $0.path == "/hooks/200" })
            #expect(delivered.json?["id"]?.stringValue == id)
            #expect(delivered.json?["status"]?.stringValue == "succeeded")
            let signature = try #require(delivered.headers["switchboard-signature"])
            #expect(signature.hasPrefix("t="))
            #expect(TaskWebhookSignature.verify(header: signature, secret: TaskStack.webhookSecret, body: delivered.body))
            #expect(!TaskWebhookSignature.verify(header: signature, secret: "another-secret", body: delivered.body))
            let attempts = upstream.requests.filter { $0.path == "/hooks/503" }
            #expect(attempts.count >= 2, "a refused webhook is tried again")
            #expect(attempts.allSatisfy { $0.json?["id"]?.stringValue == retried })
            #expect(upstream.requests.filter { $0.path == "/hooks/200" }.count == 1, "an accepted webhook is sent once")
        }
    }
}
