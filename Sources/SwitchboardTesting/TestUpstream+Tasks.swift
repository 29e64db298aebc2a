import Hummingbird
import NIOCore
import SwitchboardCore

extension TestUpstream {
    /// Routes of the task APIs, in their real shapes, each job progressing over about a second
    /// (``TestUpstreamTaskBoard``); a prompt containing `fail` makes the job fail.
    ///
    /// - OpenAI videos: `POST /v1/videos` (JSON: model, prompt, seconds, size) answers a video
    ///   object `queued`; `GET /v1/videos/{id}` moves it through `in_progress` (with `progress`) to
    ///   `completed` or `failed` (with `error: {code, message}`); `GET /v1/videos/{id}/content` is
    ///   the MP4 once completed.
    /// - Suno-style music (the shape many Suno gateways serve): `POST /suno/submit/{action}`
    ///   (`music`, `lyrics`, `extend`, ...) answers `{"code":"success","data":"<task id>"}`;
    ///   `GET /suno/fetch/{id}` answers `{"code":"success","data":{task_id, action, status:
    ///   NOT_START|IN_PROGRESS|SUCCESS|FAILURE, progress: "40%", fail_reason, data: [clips]}}`, two
    ///   clips with `audio_url`, `video_url` and `duration` on success.
    ///
    /// - Wan video on DashScope: `POST /api/v1/services/aigc/video-generation/video-synthesis`
    ///   (`{model, input: {prompt}, parameters}`, with `X-DashScope-Async: enable`) answers
    ///   `{output: {task_id, task_status: "PENDING"}, request_id}`; `GET /api/v1/tasks/{id}` moves
    ///   through `RUNNING` to `SUCCEEDED` (`output.video_url`, `usage.video_duration`) or `FAILED`
    ///   (`output.code`, `output.message`).
    ///
    /// All want `Authorization: Bearer ...` (401 without).
    ///
    /// And a webhook receiver: `POST /hooks/{status}` records the request (``requests``) and
    /// answers `status` (`/hooks/200`, `/hooks/503` to see retries).
    func addTasksRoutes(to router: Router<TestUpstreamRequestContext>) {
        router.post("hooks/:status") { request, context in
            _ = try await self.receive(request)
            let status = context.parameters.get("status").flatMap(Int.init) ?? 200
            return Self.json(["received": .bool(true)], status: (200..<600).contains(status) ? status : 200)
        }
        router.post("v1/videos") { request, _ in try await self.authorized(request, Self.createVideo) }
        router.get("v1/videos/:id") { request, context in
            try await self.authorized(request) { _ in Self.retrieveVideo(id: context.parameters.get("id") ?? "") }
        }
        router.get("v1/videos/:id/content") { request, context in
            try await self.authorized(request) { _ in Self.videoContent(id: context.parameters.get("id") ?? "") }
        }
        router.post("suno/submit/:action") { request, context in
            try await self.authorized(request) { Self.submitSuno($0, action: context.parameters.get("action") ?? "") }
        }
        router.get("suno/fetch/:id") { request, context in
            try await self.authorized(request) { _ in Self.fetchSuno(id: context.parameters.get("id") ?? "") }
        }
        router.post("api/v1/services/aigc/video-generation/video-synthesis") { request, _ in
            try await self.authorized(request, Self.submitWan)
        }
        router.get("api/v1/tasks/:id") { request, context in
            try await self.authorized(request) { _ in Self.fetchWan(id: context.parameters.get("id") ?? "") }
        }
    }

    /// Records the request and answers it with `answer`; 401 when it carries no bearer token.
    private func authorized(_ request: Request, _ answer: (RecordedRequest) -> Response) async throws -> Response {
        let received = try await receive(request)
        guard received.headers["authorization"]?.hasPrefix("Bearer ") == true else { return Self.taskError(401, "Missing bearer token.") }
        return answer(received)
    }

    private static func createVideo(_ received: RecordedRequest) -> Response {
        guard let body = received.json, let prompt = body["prompt"]?.stringValue, !prompt.isEmpty else {
            return Self.taskError(400, "prompt: a prompt is required.", param: "prompt")
        }
        let job = TestUpstreamTaskBoard.Job(
            kind: "video", model: body["model"]?.stringValue ?? "sora-2", prompt: prompt,
            seconds: body["seconds"]?.stringValue ?? "4", size: body["size"]?.stringValue ?? "720x1280")
        let id = TestUpstreamTaskBoard.shared.add(job, prefix: "video_")
        return Self.json(Self.video(id: id, job: job))
    }

    private static func retrieveVideo(id: String) -> Response {
        guard let job = TestUpstreamTaskBoard.shared.job(id), job.kind == "video" else {
            return Self.taskError(404, "Video with id '\(id)' not found.", code: "video_not_found")
        }
        return Self.json(Self.video(id: id, job: job))
    }

    private static func videoContent(id: String) -> Response {
        guard let job = TestUpstreamTaskBoard.shared.job(id), job.kind == "video", job.phase == .done, !job.fails else {
            return Self.taskError(404, "Video with id '\(id)' has no content.", code: "video_not_found")
        }
        return Response(
            status: .ok, headers: [.contentType: "video/mp4"],
            body: .init(byteBuffer: ByteBuffer(bytes: TestUpstreamTaskBoard.mp4Bytes)))
    }

    private static func submitSuno(_ received: RecordedRequest, action: String) -> Response {
        guard let body = received.json else { return Self.taskError(400, "The body must be JSON.") }
        let prompt = body["prompt"]?.stringValue ?? body["gpt_description_prompt"]?.stringValue ?? ""
        guard !prompt.isEmpty || action == "extend" else { return Self.taskError(400, "prompt is required.", param: "prompt") }
        let job = TestUpstreamTaskBoard.Job(
            kind: "suno", model: body["mv"]?.stringValue ?? body["model"]?.stringValue ?? "chirp-v4", prompt: prompt,
            seconds: "", size: action.uppercased())
        let id = TestUpstreamTaskBoard.shared.add(job, prefix: "")
        return Self.json(["code": "success", "message": "", "data": .string(id)])
    }

    private static func fetchSuno(id: String) -> Response {
        guard let job = TestUpstreamTaskBoard.shared.job(id), job.kind == "suno" else {
            return Self.json(["code": "task_not_exist", "message": "task_not_exist", "data": .null], status: 404)
        }
        let status: String
        var clips: [JSONValue] = []
        switch job.phase {
        case .queued: status = "NOT_START"
        case .running: status = "IN_PROGRESS"
        case .done where job.fails: status = "FAILURE"
        case .done:
            status = "SUCCESS"
            clips = (0..<2).map { index in
                [
                    "id": .string("\(id)-\(index)"), "title": "Test upstream song", "model_name": .string(job.model),
                    "audio_url": .string("https://cdn.test-upstream.invalid/\(id)-\(index).mp3"),
                    "video_url": .string("https://cdn.test-upstream.invalid/\(id)-\(index).mp4"),
                    "duration": .double(index == 0 ? 95.5 : 88.25),
                ]
            }
        }
        let data: JSONValue = [
            "task_id": .string(id), "action": .string(job.size), "status": .string(status),
            "progress": .string("\(job.progress)%"), "fail_reason": .string(job.fails && job.phase == .done ? "The prompt was refused by the test upstream." : ""),
            "submit_time": .int(Int(job.created.timeIntervalSince1970)), "data": .array(clips),
        ]
        return Self.json(["code": "success", "message": "", "data": data])
    }

    private static func submitWan(_ received: RecordedRequest) -> Response {
        guard received.headers["x-dashscope-async"] == "enable" else {
            return Self.json(["code": "AccessDenied", "message": "current user api does not support synchronous calls", "request_id": "r"], status: 403)
        }
        guard let body = received.json, let prompt = body["input"]?["prompt"]?.stringValue, !prompt.isEmpty else {
            return Self.json(["code": "InvalidParameter", "message": "input.prompt is required", "request_id": "r"], status: 400)
        }
        let seconds = body["parameters"]?["duration"]?.intValue ?? 5
        let job = TestUpstreamTaskBoard.Job(
            kind: "wan", model: body["model"]?.stringValue ?? "wan2.2-t2v-plus", prompt: prompt, seconds: String(seconds),
            size: body["parameters"]?["size"]?.stringValue ?? "1280*720")
        let id = TestUpstreamTaskBoard.shared.add(job, prefix: "")
        return Self.json(["output": ["task_id": .string(id), "task_status": "PENDING"], "request_id": "r"])
    }

    private static func fetchWan(id: String) -> Response {
        guard let job = TestUpstreamTaskBoard.shared.job(id), job.kind == "wan" else {
            return Self.json(["output": ["task_id": .string(id), "task_status": "UNKNOWN"], "request_id": "r"])
        }
        var output: JSONObject = ["task_id": .string(id), "orig_prompt": .string(job.prompt)]
        var answer: JSONObject = ["request_id": "r"]
        switch job.phase {
        case .queued: output["task_status"] = "PENDING"
        case .running: output["task_status"] = "RUNNING"
        case .done where job.fails:
            output["task_status"] = "FAILED"
            output["code"] = "DataInspectionFailed"
            output["message"] = "Input data may contain inappropriate content."
        case .done:
            output["task_status"] = "SUCCEEDED"
            output["video_url"] = .string("https://dashscope-result.test-upstream.invalid/\(id).mp4")
            answer["usage"] = ["video_duration": .int(Int(job.seconds) ?? 5), "video_ratio": .string(job.size), "video_count": 1]
        }
        answer["output"] = .object(output)
        return Self.json(.object(answer))
    }

    /// A video object as OpenAI's API shows it.
    static func video(id: String, job: TestUpstreamTaskBoard.Job) -> JSONValue {
        let status: String
        switch job.phase {
        case .queued: status = "queued"
        case .running: status = "in_progress"
        case .done: status = job.fails ? "failed" : "completed"
        }
        let created = Int(job.created.timeIntervalSince1970)
        return [
            "id": .string(id), "object": "video", "model": .string(job.model), "status": .string(status),
            "progress": .int(job.phase == .done ? 100 : job.progress), "created_at": .int(created),
            "completed_at": job.phase == .done ? .int(created + 1) : .null, "expires_at": .null,
            "prompt": .string(job.prompt), "size": .string(job.size), "seconds": .string(job.seconds),
            "remixed_from_video_id": .null,
            "error": job.phase == .done && job.fails
                ? ["code": "moderation_blocked", "message": "The test upstream refused this prompt."] : .null,
        ]
    }

    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: JSON.serialize(value))))
    }

    static func taskError(_ status: Int, _ message: String, param: String? = nil, code: String? = nil) -> Response {
        json([
            "error": [
                "message": .string(message), "type": "invalid_request_error",
                "param": param.map(JSONValue.string) ?? .null, "code": code.map(JSONValue.string) ?? .null,
            ],
        ], status: status)
    }
}
