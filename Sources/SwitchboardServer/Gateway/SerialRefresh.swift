import Logging
import Synchronization

/// Runs the refreshes of one in-memory copy of store data (the client keys, the channels) one at a
/// time. A refresh is started by the background poll and by admin changes on this replica; were two
/// to overlap, the slower one, holding an older read of the store, would overwrite what the newer
/// one applied (undoing an admin change on its own replica until the next change).
final class SerialRefresh: Sendable {
    private let last = Mutex<Task<Void, any Error>?>(nil)

    /// Runs `refresh` after every refresh started before it has ended; throws what it throws.
    func run(_ refresh: @escaping @Sendable () async throws -> Void) async throws {
        let task = last.withLock { last -> Task<Void, any Error> in
            let previous = last
            let task = Task {
                _ = await previous?.result
                try await refresh()
            }
            last = task
            return task
        }
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }
}

/// The loop of a store-backed cache: refresh every `interval` until graceful shutdown, logging
/// (not ending on) a store that cannot be read.
func repeatRefresh(every interval: Duration, logger: Logger, what: String, _ refresh: @escaping @Sendable () async throws -> Void) async {
    await repeatUntilShutdown(every: interval) {
        do {
            try await refresh()
        } catch is CancellationError {
            return
        } catch {
            logger.warning("Could not refresh \(what) from the store", metadata: ["error": "\(error)"])
        }
    }
}
