public import SwitchboardCore
import Foundation

/// OpenAI's video API (Sora) as a task provider: `POST {base}/videos` creates a video job,
/// `GET {base}/videos/{id}` tells where it stands; the rendered video is fetched with the channel's
/// key from `GET {base}/videos/{id}/content`, so the result URL is the gateway's own
/// `/v1/tasks/{id}/content`, which streams it (``contentPath(upstreamID:)``).
public struct OpenAIVideoTaskProvider: TaskProvider {
    let upstream: WireUpstream
    public let pollInterval: Double

    /// Client fields OpenAI's create-video request takes besides `model` and `prompt`.
    static let forwardedFields = ["seconds", "size", "input_reference"]

    public init(upstream: WireUpstream, pollInterval: Double) {
        self.upstream = upstream
        self.pollInterval = pollInterval
    }

    public func submit(_ job: TaskJob) async throws(GatewayError) -> TaskUpstreamState {
        guard let prompt = job.prompt, !prompt.isEmpty else {
            throw GatewayError.invalidRequest("A video needs a `prompt`.", param: "prompt")
        }
        var body: JSONObject = ["model": .string(job.upstreamModel), "prompt": .string(prompt)]
        for field in Self.forwardedFields {
            guard let value = job.request[field] else { continue }
            // OpenAI takes the duration as a string ("4", "8", "12").
            if field == "seconds", case .number(let text) = value { body[field] = .string(text) } else { body[field] = value }
        }
        return try state(of: try await upstream.taskExchange(.POST, path: "/videos", body: .object(body)), job: job)
    }

    public func poll(_ job: TaskJob, upstreamID: String) async throws(GatewayError) -> TaskUpstreamState {
        try state(of: try await upstream.taskExchange(.GET, path: Self.videoPath(upstreamID)), job: job)
    }

    /// Where the rendered video of `upstreamID` is downloaded, under the base URL.
    public static func contentPath(upstreamID: String) -> String { videoPath(upstreamID) + "/content" }

    static func videoPath(_ upstreamID: String) -> String {
        "/videos/" + (upstreamID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? upstreamID)
    }

    /// Reads a video object (`{id, object: "video", status, progress, seconds, size, error}`).
    func state(of video: JSONValue, job: TaskJob) throws(GatewayError) -> TaskUpstreamState {
        guard let id = video["id"]?.stringValue, let status = video["status"]?.stringValue else {
            throw GatewayError(.upstreamUnavailable, "The upstream's video object has no id or status.")
        }
        let seconds = video["seconds"]?.stringValue.flatMap(Double.init) ?? video["seconds"]?.doubleValue
        var extras: JSONObject = ["upstream_id": .string(id)]
        for field in ["seconds", "size", "expires_at"] { if let value = video[field], !value.isNull { extras[field] = value } }
        let progress = video["progress"]?.intValue ?? 0
        switch status {
        case "completed":
            return TaskUpstreamState(
                upstreamID: id, status: .succeeded, progress: 100, urls: [job.contentURL], extras: extras,
                outputSeconds: seconds ?? job.requestedSeconds)
        case "failed":
            return TaskUpstreamState(
                upstreamID: id, status: .failed, progress: progress,
                errorMessage: video["error"]?["message"]?.stringValue ?? "The video could not be generated.",
                errorCode: video["error"]?["code"]?.stringValue ?? "video_generation_failed")
        case "in_progress":
            return TaskUpstreamState(upstreamID: id, status: .inProgress, progress: progress)
        default:
            return TaskUpstreamState(upstreamID: id, status: .queued, progress: progress)
        }
    }
}
