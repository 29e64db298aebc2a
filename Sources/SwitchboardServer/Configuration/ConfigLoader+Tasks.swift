import Yams
import SwitchboardProviders

extension ConfigLoader {
    /// `task_seconds:` of a mock channel: how long its tasks run.
    mutating func parseTaskSeconds(_ node: Node, path: String, into options: inout TaskChannelOptions) {
        guard let seconds = double(node, path) else { return }
        guard seconds >= 0 else { return report(node, path, "must not be negative") }
        options.mockSeconds = seconds
    }

    /// A channel's `tasks:`: how it runs asynchronous tasks (``TaskChannelOptions``).
    mutating func parseTaskOptions(_ node: Node, path: String, into options: inout TaskChannelOptions) {
        forEachMember(node, path) { loader, key, value in
            let field = "\(path).\(key)"
            switch key {
            case "poll_interval":
                guard let seconds = loader.double(value, field) else { return }
                guard seconds > 0 else { return loader.report(value, field, "must be a positive number of seconds") }
                options.pollInterval = seconds
            case "seconds": loader.parseTaskSeconds(value, path: field, into: &options)
            case "submit_path": if let text = loader.taskPath(value, field) { options.submitPath = text }
            case "poll_path":
                guard let text = loader.taskPath(value, field) else { return }
                guard text.contains("{id}") else { return loader.report(value, field, "must contain {id} (where the task's id goes)") }
                options.pollPath = text
            case "actions":
                loader.forEachMember(value, field) { loader, action, pathNode in
                    if let text = loader.taskPath(pathNode, "\(field).\(action)") { options.actions[action] = text }
                }
            case "model_field": if let text = loader.string(value, field) { options.modelField = text }
            case "succeeded": if let list = loader.strings(value, field) { options.succeeded = list }
            case "failed": if let list = loader.strings(value, field) { options.failed = list }
            case "queued": if let list = loader.strings(value, field) { options.queued = list }
            case "id_path": if let jsonPath = loader.taskJSONPath(value, field) { options.idPath = jsonPath }
            case "status_path": if let jsonPath = loader.taskJSONPath(value, field) { options.statusPath = jsonPath }
            case "result_urls_path": if let jsonPath = loader.taskJSONPath(value, field) { options.resultURLsPath = jsonPath }
            case "progress_path": options.progressPath = loader.taskJSONPath(value, field)
            case "error_path": options.errorPath = loader.taskJSONPath(value, field)
            case "seconds_path": options.secondsPath = loader.taskJSONPath(value, field)
            case "result_path": options.resultPath = loader.taskJSONPath(value, field)
            default:
                loader.report(value, field, "unknown task setting '\(key)' (poll_interval, submit_path, actions, poll_path, "
                    + "model_field, id_path, status_path, succeeded, failed, queued, progress_path, result_urls_path, "
                    + "error_path, seconds_path, result_path)")
            }
        }
    }

    private mutating func taskPath(_ node: Node, _ path: String) -> String? {
        guard let text = string(node, path) else { return nil }
        guard text.hasPrefix("/") else {
            report(node, path, "must start with / (a path under the channel's base_url)")
            return nil
        }
        return text
    }

    private mutating func taskJSONPath(_ node: Node, _ path: String) -> TaskJSONPath? {
        guard let text = string(node, path) else { return nil }
        guard let jsonPath = TaskJSONPath(text) else {
            report(node, path, "'\(text)' is not a path like data.items[0].url or data[*].url")
            return nil
        }
        return jsonPath
    }
}
