import Foundation
import SwitchboardCore
import SwitchboardProviders
import SwitchboardServer
import SwitchboardTesting

/// A test upstream and a gateway with one channel of each task kind: the mock (`mock-video-1`,
/// `mock-music-1`, tasks of `mockSeconds`), OpenAI videos (`sora-2`) and a Suno-style `task-http`
/// channel (`suno-music`), all polled every 0.1 s.
enum TaskStack {
    static let webhookSecret = "whsec-task-tests-0123456789"

    /// Sets `SWITCHBOARD_WEBHOOK_SECRET` for the gateways this process builds from now on.
    static let installWebhookSecret: Void = { setenv("SWITCHBOARD_WEBHOOK_SECRET", webhookSecret, 1) }()

    static let suno = TaskChannelOptions(
        pollInterval: 0.1, submitPath: "/submit/music",
        actions: ["lyrics": "/submit/lyrics", "extend": "/submit/extend"],
        pollPath: "/fetch/{id}", modelField: "mv", idPath: "data", statusPath: "data.status",
        succeeded: ["SUCCESS"], failed: ["FAILURE"], queued: ["NOT_START", "SUBMITTED"],
        progressPath: "data.progress", resultURLsPath: "data.data[*].audio_url", errorPath: "data.fail_reason",
        secondsPath: "data.data[*].duration", resultPath: "data.data")

    /// The README's Wan (DashScope) example, polled faster.
    static let wan = TaskChannelOptions(
        pollInterval: 0.1, submitPath: "/services/aigc/video-generation/video-synthesis", pollPath: "/tasks/{id}",
        idPath: "output.task_id", statusPath: "output.task_status", succeeded: ["SUCCEEDED"],
        failed: ["FAILED", "CANCELED", "UNKNOWN"], queued: ["PENDING"], resultURLsPath: "output.video_url",
        errorPath: "output.message", secondsPath: "usage.video_duration")

    static func channels(upstream: TestUpstream, mockSeconds: Double) -> [ChannelConfiguration] {
        var mock = ChannelConfiguration(name: "mock", provider: .mock, models: ["mock-1"] + MockModels.tasks)
        mock.tasks = TaskChannelOptions(mockSeconds: mockSeconds)
        var openai = ChannelConfiguration(
            name: "openai", provider: .openai, baseURL: upstream.baseURL, apiKey: "sk-upstream", models: ["sora-2"])
        openai.tasks = TaskChannelOptions(pollInterval: 0.1)
        var suno = ChannelConfiguration(
            name: "suno", provider: .taskHTTP, baseURL: "http://127.0.0.1:\(upstream.port)/suno", apiKey: "sk-suno",
            modelMap: ["suno-music": "chirp-v4"])
        suno.tasks = Self.suno
        var wan = ChannelConfiguration(
            name: "wan", provider: .taskHTTP, baseURL: "http://127.0.0.1:\(upstream.port)/api/v1", apiKey: "sk-dashscope",
            models: ["wan2.2-t2v-plus"], headers: ["X-DashScope-Async": "enable"])
        wan.tasks = Self.wan
        let chat = ChannelConfiguration(
            name: "chat", provider: .openaiCompatible, baseURL: upstream.baseURL, models: ["gpt-4o-mini"])
        return [mock, openai, suno, wan, chat]
    }

    static func run<Value: Sendable>(
        mockSeconds: Double = 1, databaseURL: String? = nil,
        _ body: @Sendable (GatewayHarness, TestUpstream) async throws -> Value
    ) async throws -> Value {
        try await Stack.run(channels: { channels(upstream: $0, mockSeconds: mockSeconds) }, customize: { configuration in
            if let databaseURL { configuration.databaseURL = databaseURL }
            configuration.pricing["suno-music"] = ModelPrice(input: 0, output: 0, perAudioSecond: 0.01)
            configuration.pricing["wan2.2-t2v-plus"] = ModelPrice(input: 0, output: 0, perAudioSecond: 0.1)
        }, body)
    }
}

extension GatewayHarness {
    /// Polls a task until it ends (30 s catch a hang) and returns every state seen, the last one final.
    func waitForTask(_ id: String, key: String = GatewayHarness.clientKey) async throws -> [JSONValue] {
        var seen: [JSONValue] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let answer = try await send(.GET, "/v1/tasks/\(id)", key: key)
            guard answer.status == 200, let task = answer.json else { throw TaskWaitError.unexpected(answer.text) }
            seen.append(task)
            if let status = task["status"]?.stringValue, ["succeeded", "failed", "cancelled"].contains(status) { return seen }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TaskWaitError.neverEnded(id)
    }

    /// Submits a task and returns its id (expecting 200).
    func submitTask(_ body: JSONValue, path: String = "/v1/tasks", key: String = GatewayHarness.clientKey) async throws -> String {
        let answer = try await post(path, json: body, key: key)
        guard answer.status == 200, let id = answer.json?["id"]?.stringValue else { throw TaskWaitError.unexpected(answer.text) }
        return id
    }
}

enum TaskWaitError: Error {
    case neverEnded(String)
    case unexpected(String)
}
