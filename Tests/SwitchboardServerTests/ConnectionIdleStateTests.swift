import NIOCore
import Testing
@testable import SwitchboardServer

/// The idle timeout and the graceful close, as Hummingbird's connection state handler kept them.
@Suite("Connection idle rules")
struct ConnectionIdleStateTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    let timeout = TimeAmount.seconds(5)

    @Test func anIdleConnectionIsClosedOnceTheTimeoutPassedSinceItsLastActivity() {
        var state = ConnectionIdleState(idleTimeout: timeout)
        #expect(state.activated(now: start) == .checkAt(start + timeout))
        #expect(state.check(now: start + .seconds(4)) == .checkAt(start + timeout))
        #expect(state.check(now: start + timeout) == .close)
    }

    @Test func aRequestBeingReceivedMovesTheDeadline() {
        var state = ConnectionIdleState(idleTimeout: timeout)
        _ = state.activated(now: start)
        state.received(head: true, now: start + .seconds(3))
        #expect(state.check(now: start + timeout) == .checkAt(start + .seconds(8)))
        // A slowloris body: still being received, so the clock runs.
        #expect(state.check(now: start + .seconds(8)) == .close)
    }

    @Test func noTimeoutWhileAResponseIsProducedAndTheClockRestartsAtItsEnd() {
        var state = ConnectionIdleState(idleTimeout: timeout)
        _ = state.activated(now: start)
        state.received(head: true, end: true, now: start)
        #expect(state.check(now: start + .seconds(60)) == .none)
        #expect(state.responseEnded(now: start + .seconds(60)) == .checkAt(start + .seconds(65)))
        #expect(state.check(now: start + .seconds(65)) == .close)
    }

    @Test func quiescingClosesAnIdleConnectionAtOnceAndABusyOneAfterItsResponse() {
        var idle = ConnectionIdleState(idleTimeout: nil)
        _ = idle.activated(now: start)
        #expect(idle.quiesce() == .close)

        var busy = ConnectionIdleState(idleTimeout: timeout)
        _ = busy.activated(now: start)
        busy.received(head: true, now: start)
        busy.received(head: true, now: start)
        #expect(busy.quiesce() == .none)
        #expect(busy.responseEnded(now: start) == .none)
        #expect(busy.responseEnded(now: start) == .close)
    }

    @Test func withoutATimeoutOrOnceInactiveNothingIsScheduled() {
        var state = ConnectionIdleState(idleTimeout: nil)
        #expect(state.activated(now: start) == .none)
        var inactive = ConnectionIdleState(idleTimeout: timeout)
        _ = inactive.activated(now: start)
        inactive.deactivated()
        #expect(inactive.check(now: start + .seconds(60)) == .none)
    }
}
