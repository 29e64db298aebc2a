import NIOCore

/// When a connection has been idle too long, and when a shutdown may close it: the rules of
/// Hummingbird's `HTTPConnectionStateHandler`, kept by ``ConnectionDispatcher`` itself so that
/// requests and responses do not pass one more handler each way.
///
/// - A connection that sends nothing for the idle timeout is closed: between requests, and while
///   a request is being received (a slowloris client). While a response is being produced the
///   clock does not run; it restarts when the response ends.
/// - Asked to quiesce (graceful shutdown), a connection closes at once when no request is in
///   progress, else after the last response in progress ends.
struct ConnectionIdleState {
    enum Action: Equatable {
        case none
        case close
        case checkAt(NIODeadline)
    }

    let idleTimeout: TimeAmount?
    /// Requests whose head arrived and whose response has not ended.
    private(set) var requestsInProgress = 0
    private var receivingRequest = false
    private var lastActivity = NIODeadline.now()
    private var active = false
    private(set) var closesAfterResponse = false

    init(idleTimeout: TimeAmount?) {
        self.idleTimeout = idleTimeout
    }

    /// The connection is up: the clock starts.
    mutating func activated(now: NIODeadline = .now()) -> Action {
        active = true
        lastActivity = now
        return idleTimeout.map { .checkAt(now + $0) } ?? .none
    }

    mutating func deactivated() {
        active = false
    }

    mutating func received(head: Bool = false, end: Bool = false, now: NIODeadline = .now()) {
        lastActivity = now
        if head {
            receivingRequest = true
            requestsInProgress += 1
        }
        if end { receivingRequest = false }
    }

    /// A response ended.
    mutating func responseEnded(now: NIODeadline = .now()) -> Action {
        requestsInProgress = max(0, requestsInProgress - 1)
        guard requestsInProgress == 0 else { return .none }
        if closesAfterResponse { return .close }
        guard let idleTimeout, active else { return .none }
        lastActivity = now
        return .checkAt(now + idleTimeout)
    }

    /// The check scheduled by an earlier action is due.
    func check(now: NIODeadline = .now()) -> Action {
        guard let idleTimeout, active else { return .none }
        if !receivingRequest, requestsInProgress > 0 { return .none }
        let deadline = lastActivity + idleTimeout
        return now >= deadline ? .close : .checkAt(deadline)
    }

    mutating func quiesce() -> Action {
        if requestsInProgress > 0 {
            closesAfterResponse = true
            return .none
        }
        return .close
    }
}
