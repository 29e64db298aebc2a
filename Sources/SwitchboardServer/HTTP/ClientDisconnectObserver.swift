import Synchronization

/// Notices when a client's connection closes (or half-closes) while its response is still being
/// produced, so a streaming relay can cancel its upstream request at once instead of at its next
/// write.
///
/// Each connection's ``ConnectionDispatcher`` owns one and marks it when the connection closes or
/// its client closes its side; request tasks find it in their context.
final class ClientDisconnectObserver: Sendable {
    private struct State {
        var closed = false
        var nextID = 0
        var callbacks: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    /// Calls `callback` once when the client goes away (at once if it already has). Returns a token
    /// for ``remove(_:)``.
    func onClose(_ callback: @escaping @Sendable () -> Void) -> Int? {
        let registered = state.withLock { state -> Int? in
            guard !state.closed else { return nil }
            state.nextID += 1
            state.callbacks[state.nextID] = callback
            return state.nextID
        }
        if registered == nil { callback() }
        return registered
    }

    func remove(_ token: Int?) {
        guard let token else { return }
        _ = state.withLock { $0.callbacks.removeValue(forKey: token) }
    }

    /// The client went away: every callback runs, once.
    func markClosed() {
        let callbacks = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.closed else { return [] }
            state.closed = true
            defer { state.callbacks = [:] }
            return Array(state.callbacks.values)
        }
        for callback in callbacks { callback() }
    }
}
