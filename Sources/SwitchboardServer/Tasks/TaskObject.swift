import SwitchboardCore
import SwitchboardProviders
import SwitchboardStore
import Foundation

/// A stored task as clients see it (`GET /v1/tasks/{id}`, the webhook's body):
/// `{id, object: "task", model, status, progress, result, error?, created_at, completed_at?}`.
enum TaskObject {
    static func json(_ task: StoredTask) -> JSONValue {
        var object: JSONObject = [
            "id": .string(task.id), "object": "task", "model": .string(task.model),
            "status": .string(task.status.rawValue), "progress": .int(task.progress),
            "result": task.resultJSON.flatMap { try? JSON.parse($0) } ?? .null,
            "created_at": .int(unixSeconds(task.createdAt)),
        ]
        if task.status == .failed || task.status == .cancelled {
            object["error"] = .object([
                "message": .string(task.errorMessage ?? "The task failed."), "code": task.errorCode.map(JSONValue.string) ?? .null,
            ])
        }
        if let completedAt = task.completedAt { object["completed_at"] = .int(unixSeconds(completedAt)) }
        return .object(object)
    }

    /// The result object kept for a succeeded task: the URLs and the provider's extras.
    static func result(of state: TaskUpstreamState) -> String {
        var result: JSONObject = ["urls": .array(state.urls.map(JSONValue.string))]
        for member in state.extras where member.key != "urls" { result[member.key] = member.value }
        return JSON.string(.object(result))
    }

    /// Where the gateway serves a task's content itself.
    static func contentURL(origin: String, id: String) -> String { origin + "/v1/tasks/\(id)/content" }

    static func unixSeconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970) }
}
