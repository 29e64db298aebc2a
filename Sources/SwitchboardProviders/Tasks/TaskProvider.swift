public import SwitchboardCore
public import Foundation

/// An upstream that runs asynchronous media tasks (video, music): the gateway submits a task once,
/// then polls it until it ends. Polling must work from any replica and after a restart, so all a
/// provider may rely on between calls is what ``TaskJob`` carries (kept in the store).
public protocol TaskProvider: Sendable {
    /// Sends the task upstream; the answer names the upstream's id for it.
    func submit(_ job: TaskJob) async throws(GatewayError) -> TaskUpstreamState
    /// Asks the upstream where the task with `upstreamID` stands.
    func poll(_ job: TaskJob, upstreamID: String) async throws(GatewayError) -> TaskUpstreamState
    /// Seconds to wait between two polls of one task.
    var pollInterval: TimeInterval { get }
}

/// What the gateway knows of one task that a provider needs to submit or poll it.
public struct TaskJob: Sendable {
    /// The gateway's id (`task_...`).
    public var id: String
    /// The model name the upstream knows.
    public var upstreamModel: String
    /// The client's request: its provider fields, without the gateway's own (`webhook_url`).
    public var request: JSONObject
    public var createdAt: Date
    /// Where the gateway serves the task's content itself (`.../v1/tasks/{id}/content`), for
    /// upstreams whose media must be fetched with the channel's credentials.
    public var contentURL: String

    public init(id: String, upstreamModel: String, request: JSONObject, createdAt: Date, contentURL: String) {
        self.id = id
        self.upstreamModel = upstreamModel
        self.request = request
        self.createdAt = createdAt
        self.contentURL = contentURL
    }

    /// The prompt, when the client sent one.
    public var prompt: String? { request["prompt"]?.stringValue }

    /// Seconds of media the client asked for (`seconds` or `duration`, a number or a numeric string).
    public var requestedSeconds: Double? { Self.requestedSeconds(in: request) }

    /// Seconds of media a task request asks for (`seconds` or `duration`, a number or a numeric string).
    public static func requestedSeconds(in request: JSONObject) -> Double? {
        for name in ["seconds", "duration"] {
            switch request[name] {
            case .number(let text)?: return Double(text)
            case .string(let text)?: if let value = Double(text) { return value }
            default: continue
            }
        }
        return nil
    }
}

/// Where a task stands upstream, mapped onto the gateway's statuses.
public struct TaskUpstreamState: Sendable, Equatable {
    public var upstreamID: String
    public var status: TaskStatus
    /// 0 to 100.
    public var progress: Int
    /// Where the results can be fetched, once the task succeeded.
    public var urls: [String]
    /// What else the provider says about the result (durations, titles, lyrics...), shown beside `urls`.
    public var extras: JSONObject
    public var errorMessage: String?
    public var errorCode: String?
    /// Seconds of media produced, when known (what the task is charged for).
    public var outputSeconds: Double?

    public init(
        upstreamID: String, status: TaskStatus, progress: Int = 0, urls: [String] = [], extras: JSONObject = [:],
        errorMessage: String? = nil, errorCode: String? = nil, outputSeconds: Double? = nil
    ) {
        self.upstreamID = upstreamID
        self.status = status
        self.progress = max(0, min(100, progress))
        self.urls = urls
        self.extras = extras
        self.errorMessage = errorMessage
        self.errorCode = errorCode
        self.outputSeconds = outputSeconds
    }
}
