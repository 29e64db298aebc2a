public import Foundation

/// Where asynchronous media tasks live: written when a task is submitted, claimed by one replica
/// at a time for polling (a lease, so two replicas never poll the same task at once), updated as
/// it progresses.
public protocol TaskStore: Sendable {
    func insertTask(_ task: StoredTask) async throws
    /// The task with this id created by this key; nil when there is none or another key made it.
    func task(id: String, keyID: String) async throws -> StoredTask?
    /// The key's tasks, newest first.
    func tasks(keyID: String, limit: Int) async throws -> [StoredTask]
    /// Leases up to `limit` tasks that are due at `now` — unfinished ones to poll, finished ones whose
    /// webhook is pending — and not leased by anyone else, to `owner` until `leaseUntil`.
    func claimDueTasks(owner: String, now: Date, leaseUntil: Date, limit: Int) async throws -> [StoredTask]
    /// Writes a task's new state and gives its lease back; false when `owner` no longer holds it
    /// (its lease ran out and another replica took it over), in which case nothing is written.
    func updateLeasedTask(_ task: StoredTask, owner: String) async throws -> Bool
    /// Gives back every lease `owner` holds (on graceful shutdown), so another replica or the next
    /// start picks those tasks up at once instead of when the leases run out.
    func releaseLeases(owner: String) async throws
}
