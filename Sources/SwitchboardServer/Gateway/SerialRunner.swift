import Logging
import Synchronization

/// Runs pieces of work one at a time, each after every one started before it has ended.
///
/// The refreshes of an in-memory copy of store data (the client keys, the channels) need it: a
/// refresh is started by the background poll and by admin changes on this replica, and were two to
/// overlap, the slower one, holding an older read of the store, would overwrite what the newer one
/// applied. The usage recorder's flushes need it too: a flush that returned while an earlier one
/// was still writing its batch would not mean "everything recorded so far is in the store".
final class SerialRunner: Sendable {
    private let last = Mutex<Task<Void, Never>?>(nil)

    /// Runs `work` after every piece started before it has ended; returns or throws what it does.
    func run<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let task = last.withLock { last -> Task<Result, any Error> in
            let previous = last
            let task = Task {
                await previous?.value
                return try await work()
            }
            last = Task { _ = await task.result }
            return task
        }
        return try await withTaskCancellationHandler {
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
