public import ServiceLifecycle
import SwitchboardCore
import Synchronization

/// Ends what graceful shutdown would otherwise wait for forever: when SIGTERM/SIGINT arrives the
/// server stops accepting and lets in-flight requests finish, and streams that are still running
/// `server.shutdown_grace` seconds later are interrupted here — each ends with its format's error
/// event and its usage record is written (status 503, what was generated charged), so the process
/// exits in bounded time and nothing accepted goes unrecorded.
///
/// It must run beside the application in the same service group, after it (so it hears graceful
/// shutdown first): `ServiceGroup(services: [application, gateway.shutdownDeadline])`.
public final class ShutdownDeadline: Service, Sendable {
    private struct State {
        var nextToken = 0
        var interrupts: [Int: @Sendable () -> Void] = [:]
        var expired = false
    }

    /// How long in-flight streams may run on after shutdown begins.
    public let grace: Duration
    private let state = Mutex(State())

    init(grace: Duration) {
        self.grace = grace
    }

    /// The error a stream interrupted by shutdown ends with.
    static let error = GatewayError(.unavailable, "The gateway is shutting down: the stream was ended after the shutdown grace period.")

    /// Registers a stream's interruption; returns nil (and interrupts at once) after the deadline.
    func register(_ interrupt: @escaping @Sendable () -> Void) -> Int? {
        let token = state.withLock { state -> Int? in
            guard !state.expired else { return nil }
            state.nextToken += 1
            state.interrupts[state.nextToken] = interrupt
            return state.nextToken
        }
        if token == nil { interrupt() }
        return token
    }

    func remove(_ token: Int?) {
        guard let token else { return }
        state.withLock { _ = $0.interrupts.removeValue(forKey: token) }
    }

    /// Interrupts every registered stream, and any registered later.
    func expire() {
        let interrupts = state.withLock { state -> [@Sendable () -> Void] in
            state.expired = true
            defer { state.interrupts.removeAll() }
            return Array(state.interrupts.values)
        }
        for interrupt in interrupts { interrupt() }
    }

    /// Waits for graceful shutdown, then starts the grace period and returns, so the service group
    /// moves on to shutting the server down while the timer runs.
    public func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
        let grace = grace
        Task { [weak self] in
            try? await Task.sleep(for: grace)
            self?.expire()
        }
    }
}

/// Set when a stream was interrupted by the shutdown deadline rather than by its client.
final class ShutdownInterruption: Sendable {
    private let flag = Atomic(false)

    func set() { flag.store(true, ordering: .releasing) }
    var isSet: Bool { flag.load(ordering: .acquiring) }
}
