/// Where an asynchronous media task (a video or a piece of music) stands, as `GET /v1/tasks/{id}`
/// reports it and the store keeps it. Every provider's own statuses are mapped onto these five.
public enum TaskStatus: String, Sendable, Equatable, CaseIterable {
    case queued
    case inProgress = "in_progress"
    case succeeded
    case failed
    case cancelled

    /// The task will not change any more.
    public var isFinal: Bool {
        switch self {
        case .queued, .inProgress: false
        case .succeeded, .failed, .cancelled: true
        }
    }
}
