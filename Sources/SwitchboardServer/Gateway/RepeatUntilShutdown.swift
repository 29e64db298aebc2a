import ServiceLifecycle

/// The loop of the gateway's background services (key and channel refresh, usage writes, spend
/// sync): wait `interval`, do the work, again, until graceful shutdown begins. Returns then, so the
/// service can drain what is left.
func repeatUntilShutdown(every interval: Duration, _ work: @escaping @Sendable () async -> Void) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            await work()
        }
    }
}
