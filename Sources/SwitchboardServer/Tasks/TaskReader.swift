import Hummingbird
import NIOHTTP1
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders
import SwitchboardStore

/// The read side of tasks: one task, the key's tasks, and the content of a task whose media the
/// gateway fetches itself (OpenAI videos). A task is visible only to the key that created it.
struct TaskReader: Sendable {
    let gateway: Gateway

    static let defaultListLimit = 20
    static let maximumListLimit = 100

    @Sendable func show(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        .json(TaskObject.json(try await task(context)))
    }

    @Sendable func list(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        var limit = Self.defaultListLimit
        if let text = request.uri.queryParameters.get("limit") {
            guard let value = Int(text), (1...Self.maximumListLimit).contains(value) else {
                throw GatewayError.invalidRequest("`limit` must be an integer from 1 to \(Self.maximumListLimit).", param: "limit")
            }
            limit = value
        }
        let tasks = try await gateway.store.tasks(keyID: context.clientKey?.id ?? "", limit: limit + 1)
        return .json(.object([
            "object": "list", "data": .array(tasks.prefix(limit).map(TaskObject.json)),
            "has_more": .bool(tasks.count > limit),
        ]))
    }

    /// Streams the media of a succeeded task from its upstream (`GET {base}/videos/{id}/content`
    /// for OpenAI videos), with the channel's credentials; `variant` is passed on.
    @Sendable func content(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let task = try await task(context)
        guard task.status == .succeeded else {
            throw GatewayError(
                .invalidRequest, "The task '\(task.id)' has not succeeded (it is \(task.status.rawValue)); its content is not ready.",
                param: "task_id", code: "task_not_ready")
        }
        guard let upstream = gateway.taskChannel(named: task.channel)?.taskContentUpstream else {
            throw GatewayError(
                .notFound, "The gateway does not serve the content of task '\(task.id)'; fetch it from its result URLs.",
                param: "task_id", code: "content_not_available")
        }
        var path = OpenAIVideoTaskProvider.contentPath(upstreamID: task.upstreamID)
        if let variant = request.uri.queryParameters.get("variant"), !variant.isEmpty {
            path += "?variant=" + (variant.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }
        var headers = upstream.headers(stream: false)
        headers.replaceOrAdd(name: "accept", value: "*/*")
        headers.remove(name: "content-type")
        let response = try await upstream.transport.send(method: .GET, url: upstream.baseURL + path, headers: headers, body: nil)
        try await response.requireSuccess { status, body in OpenAIErrorEnvelope.decode(body, status: status) }
        let contentType = response.headers.first(name: "content-type") ?? "video/mp4"
        var answer = Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(asyncSequence: response.body))
        if let length = response.headers.first(name: "content-length") { answer.headers[.contentLength] = length }
        return answer
    }

    private func task(_ context: SwitchboardRequestContext) async throws -> StoredTask {
        let id = context.parameters.get("id") ?? ""
        guard let task = try await gateway.store.task(id: id, keyID: context.clientKey?.id ?? "") else {
            throw GatewayError(.notFound, "No task found with id '\(id)'.", param: "task_id", code: "task_not_found")
        }
        return task
    }
}
