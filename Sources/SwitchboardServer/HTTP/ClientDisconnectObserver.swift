import NIOCore
import Synchronization

/// Notices when a client's connection closes (or half-closes) while its response is still being
/// produced, so a streaming relay can cancel its upstream request at once instead of at its next
/// write.
///
/// Installed in every connection's pipeline after HTTP decoding; it forwards everything untouched.
final class ClientDisconnectObserver: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

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

    private func markClosed() {
        let callbacks = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.closed else { return [] }
            state.closed = true
            defer { state.callbacks = [:] }
            return Array(state.callbacks.values)
        }
        for callback in callbacks { callback() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let channelEvent = event as? ChannelEvent, channelEvent == .inputClosed {
            markClosed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        markClosed()
        context.fireChannelInactive()
    }

    /// The observer of a connection, if the pipeline has one. Found without a hop when the caller
    /// already runs on the connection's event loop (request tasks are bound to it).
    static func find(on channel: any Channel) async -> ClientDisconnectObserver? {
        if channel.eventLoop.inEventLoop {
            return try? channel.pipeline.syncOperations.handler(type: ClientDisconnectObserver.self)
        }
        return try? await channel.pipeline.handler(type: ClientDisconnectObserver.self).get()
    }
}
