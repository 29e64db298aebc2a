public import SwitchboardCore
import Foundation

/// The generic submit-and-poll task provider (`provider: task-http`): the client's fields are
/// posted as they are (the upstream model written to `model_field`) to the submit path its
/// `action` chooses, and the task is polled at `poll_path`; where the id, status, progress, result
/// URLs and error sit in the answers is configured with ``TaskJSONPath``s (``TaskChannelOptions``).
/// Suno-style music APIs (create, extend, cover, lyrics, stems, WAV/MP4 as actions) and
/// Kling/Vidu/Wan-style video APIs fit this shape.
public struct HTTPTaskProvider: TaskProvider {
    let upstream: WireUpstream
    let options: TaskChannelOptions
    public let pollInterval: Double

    public init(upstream: WireUpstream, options: TaskChannelOptions) {
        self.upstream = upstream
        self.options = options
        self.pollInterval = options.pollSeconds
    }

    public func submit(_ job: TaskJob) async throws(GatewayError) -> TaskUpstreamState {
        let path = try submitPath(action: job.request["action"])
        var body = JSONObject()
        // `action` chose the path; the gateway's other field (`webhook_url`) is not in the job's request.
        for member in job.request where member.key != "action" { body[member.key] = member.value }
        if !options.modelField.isEmpty {
            body.removeValue(forKey: "model")
            body[options.modelField] = .string(job.upstreamModel)
        }
        let answer = try await upstream.taskExchange(.POST, path: path, body: .object(body))
        guard let id = options.idPath.text(in: answer), !id.isEmpty else {
            // Many task APIs answer a refusal with 200 and a message of their own: pass it on.
            let said = (answer["message"] ?? answer["msg"] ?? answer["error"]?["message"])?.stringValue.map { ": \($0)" } ?? "."
            throw GatewayError(.upstreamUnavailable, "The upstream's answer to the submission has no task id at '\(options.idPath)'\(said)")
        }
        // Most APIs answer a submission with the id alone; a status, when present, is read too.
        guard options.statusPath.text(in: answer) != nil else { return TaskUpstreamState(upstreamID: id, status: .queued) }
        return state(of: answer, upstreamID: id, job: job)
    }

    public func poll(_ job: TaskJob, upstreamID: String) async throws(GatewayError) -> TaskUpstreamState {
        let encoded = upstreamID.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["/", "&", "=", "?"])) ?? upstreamID
        let answer = try await upstream.taskExchange(.GET, path: options.pollPath.replacingOccurrences(of: "{id}", with: encoded))
        return state(of: answer, upstreamID: upstreamID, job: job)
    }

    func submitPath(action: JSONValue?) throws(GatewayError) -> String {
        guard let action else { return options.submitPath }
        guard let name = action.stringValue else {
            throw GatewayError.invalidRequest("`action` must be a string.", param: "action")
        }
        guard let path = options.actions[name] else {
            let known = options.actions.keys.sorted().joined(separator: ", ")
            throw GatewayError.invalidRequest(
                "Unknown action '\(name)' for this model\(known.isEmpty ? " (it takes none)" : "; expected one of: \(known)").",
                param: "action")
        }
        return path
    }

    func state(of answer: JSONValue, upstreamID: String, job: TaskJob) -> TaskUpstreamState {
        let statusText = options.statusPath.text(in: answer) ?? ""
        let status = options.status(of: statusText)
        let progress = options.progressPath?.number(in: answer).map { Int($0.rounded()) }
        var extras: JSONObject = ["upstream_id": .string(upstreamID), "upstream_status": .string(statusText)]
        if let result = options.resultPath?.value(in: answer) { extras["upstream_result"] = result }
        switch status {
        case .succeeded:
            let urls = options.resultURLsPath.values(in: answer).compactMap(\.stringValue)
            let seconds = options.secondsPath.map { path in
                path.values(in: answer).compactMap { $0.doubleValue ?? $0.stringValue.flatMap(Double.init) }.reduce(0, +)
            }
            return TaskUpstreamState(
                upstreamID: upstreamID, status: .succeeded, progress: 100, urls: urls, extras: extras,
                outputSeconds: seconds ?? job.requestedSeconds)
        case .failed, .cancelled:
            let message = options.errorPath?.text(in: answer)
            return TaskUpstreamState(
                upstreamID: upstreamID, status: .failed, progress: progress ?? 0, extras: extras,
                errorMessage: (message?.isEmpty ?? true) ? "The upstream reports the task as '\(statusText)'." : message,
                errorCode: "upstream_task_failed")
        case .queued, .inProgress:
            return TaskUpstreamState(upstreamID: upstreamID, status: status, progress: min(99, progress ?? 0), extras: extras)
        }
    }
}
