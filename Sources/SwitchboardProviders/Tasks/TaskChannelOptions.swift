public import SwitchboardCore

/// How a channel runs asynchronous media tasks (`task_seconds:` and `tasks:` in the config).
///
/// The mock reads `mockSeconds`; every task kind reads `pollInterval`; the generic `task-http`
/// provider reads the rest: where to submit (one path per `action`), where to poll, and where in the
/// upstream's JSON answers the id, status, progress, result URLs and error are (``TaskJSONPath``).
public struct TaskChannelOptions: Sendable, Equatable {
    /// How long a mock task runs before it ends, in seconds (`task_seconds:`).
    public var mockSeconds: Double
    /// Seconds between two polls of one task, as configured (`poll_interval`).
    public var pollInterval: Double?
    /// Seconds between two polls of one task: `pollInterval`, 5 when the config sets none.
    public var pollSeconds: Double { pollInterval ?? 5 }
    /// Where a task is submitted (POST, under the base URL) when the client names no `action`.
    public var submitPath: String
    /// Submit paths by the client's `action` (`extend`, `cover`, `lyrics`, `stems`, `wav`, `mp4`...).
    public var actions: [String: String]
    /// Where a task is polled (GET); `{id}` is replaced by the upstream's id.
    public var pollPath: String
    /// The body member the upstream model name is written to.
    public var modelField: String
    public var idPath: TaskJSONPath
    public var statusPath: TaskJSONPath
    /// Upstream statuses that mean the task succeeded, failed, or has not started (compared ignoring
    /// case); any other status means it is running.
    public var succeeded: [String]
    public var failed: [String]
    public var queued: [String]
    public var progressPath: TaskJSONPath?
    public var resultURLsPath: TaskJSONPath
    public var errorPath: TaskJSONPath?
    /// Seconds of media produced (what the task is charged for), when the upstream says.
    public var secondsPath: TaskJSONPath?
    /// A member whose value is shown in the task's `result` beside `urls` (the upstream's own result).
    public var resultPath: TaskJSONPath?

    public init(
        mockSeconds: Double = 3, pollInterval: Double? = nil, submitPath: String = "/submit",
        actions: [String: String] = [:], pollPath: String = "/fetch/{id}", modelField: String = "model",
        idPath: TaskJSONPath = "id", statusPath: TaskJSONPath = "status",
        succeeded: [String] = ["succeeded", "success", "completed", "complete"],
        failed: [String] = ["failed", "failure", "error", "cancelled", "canceled"],
        queued: [String] = ["queued", "pending", "submitted", "not_start"],
        progressPath: TaskJSONPath? = nil, resultURLsPath: TaskJSONPath = "urls", errorPath: TaskJSONPath? = nil,
        secondsPath: TaskJSONPath? = nil, resultPath: TaskJSONPath? = nil
    ) {
        self.mockSeconds = mockSeconds
        self.pollInterval = pollInterval
        self.submitPath = submitPath
        self.actions = actions
        self.pollPath = pollPath
        self.modelField = modelField
        self.idPath = idPath
        self.statusPath = statusPath
        self.succeeded = succeeded
        self.failed = failed
        self.queued = queued
        self.progressPath = progressPath
        self.resultURLsPath = resultURLsPath
        self.errorPath = errorPath
        self.secondsPath = secondsPath
        self.resultPath = resultPath
    }

    /// The status an upstream's status text stands for.
    public func status(of text: String) -> TaskStatus {
        let lowered = text.lowercased()
        if succeeded.contains(where: { $0.lowercased() == lowered }) { return .succeeded }
        if failed.contains(where: { $0.lowercased() == lowered }) { return .failed }
        if queued.contains(where: { $0.lowercased() == lowered }) { return .queued }
        return .inProgress
    }
}
