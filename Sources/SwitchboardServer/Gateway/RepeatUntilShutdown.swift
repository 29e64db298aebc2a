import ServiceLifecycle

/// The loop of the gateway's background services (key and channel refresh, usage writes, spend
/// sync, task polling): wait `interval`, do the work, again, until graceful shutdown begins.
/// Returns then, so the service can drain what is left.
///
/// Only the wait is cut short by the shutdown; work already started runs to its end. Cancelling it
/// half-way left effects without their record: a task poller cancelled between delivering a
/// webhook and writing that it did failed the write (`CancellationError` from the store) and gave
/// the lease back, and the other replica delivered the webhook again.
func repeatUntilShutdown(every interval: Duration, _ work: @escaping @Sendable () async -> Void) async {
    while !Task.isCancelled, !Task.isShuttingDownGracefully {
        do {
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        } catch {
            return
        }
        await work()
    }
}
