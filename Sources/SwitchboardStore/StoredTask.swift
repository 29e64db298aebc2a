public import Foundation
public import SwitchboardCore

/// One asynchronous media task as the store keeps it, so that any replica can poll it and a
/// restart loses none.
///
/// The client's request is kept as it was sent (`requestJSON`): the provider needs it again to
/// interpret the upstream's answers, and the webhook and `GET /v1/tasks/{id}` show what was asked.
public struct StoredTask: Sendable, Equatable {
    public var id: String
    /// The key that created it: only that key may read it.
    public var keyID: String
    /// The model the client asked for.
    public var model: String
    /// The channel the task was submitted to (polled there until it ends).
    public var channel: String
    public var upstreamModel: String
    /// The upstream's id for the task (its job, video or generation id).
    public var upstreamID: String
    public var status: TaskStatus
    /// 0 to 100.
    public var progress: Int
    /// The client's request body, serialised JSON.
    public var requestJSON: String
    /// Scheme and host the client reached the gateway at (`http://127.0.0.1:8080`), for the URLs of
    /// results the gateway serves itself.
    public var origin: String
    /// The result object (`urls` and the provider's extras), serialised JSON; nil until it succeeded.
    public var resultJSON: String?
    public var errorMessage: String?
    public var errorCode: String?
    /// Seconds of media produced (what a successful task is charged for).
    public var outputSeconds: Double?
    /// USD set aside against the key's budget when the task was admitted, settled when it ends.
    public var reservedUSD: Double
    /// Start of the budget period the reservation was made in (epoch ms; 0 = lifetime budget).
    public var budgetPeriodStart: Int64
    public var webhookURL: String?
    public var webhook: TaskWebhookState
    /// Deliveries of the webhook tried so far.
    public var webhookAttempts: Int
    /// Polls in a row that failed (the upstream unreachable or answering nonsense).
    public var pollFailures: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var completedAt: Date?
    /// When the task is next due: its next poll, or its webhook's next delivery.
    public var nextAttemptAt: Date

    public init(
        id: String, keyID: String, model: String, channel: String, upstreamModel: String, upstreamID: String,
        status: TaskStatus = .queued, progress: Int = 0, requestJSON: String, origin: String = "", resultJSON: String? = nil,
        errorMessage: String? = nil, errorCode: String? = nil, outputSeconds: Double? = nil, reservedUSD: Double = 0,
        budgetPeriodStart: Int64 = 0, webhookURL: String? = nil, webhook: TaskWebhookState = .none,
        webhookAttempts: Int = 0, pollFailures: Int = 0, createdAt: Date, updatedAt: Date? = nil,
        completedAt: Date? = nil, nextAttemptAt: Date? = nil
    ) {
        self.id = id
        self.keyID = keyID
        self.model = model
        self.channel = channel
        self.upstreamModel = upstreamModel
        self.upstreamID = upstreamID
        self.status = status
        self.progress = progress
        self.requestJSON = requestJSON
        self.origin = origin
        self.resultJSON = resultJSON
        self.errorMessage = errorMessage
        self.errorCode = errorCode
        self.outputSeconds = outputSeconds
        self.reservedUSD = reservedUSD
        self.budgetPeriodStart = budgetPeriodStart
        self.webhookURL = webhookURL
        self.webhook = webhook
        self.webhookAttempts = webhookAttempts
        self.pollFailures = pollFailures
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.completedAt = completedAt
        self.nextAttemptAt = nextAttemptAt ?? createdAt
    }
}

/// Where a task's completion webhook stands.
public enum TaskWebhookState: String, Sendable, Equatable {
    /// No webhook was asked for, or the task has not ended yet.
    case none
    /// The task ended; the webhook is still to be delivered (or retried).
    case pending
    case delivered
    /// Every retry failed; no further attempt is made.
    case abandoned
}
