import NIOCore
import NIOHTTP1

/// What a ``PlainHTTP1ConnectionHandler`` feeds one exchange's response to, on the connection's
/// event loop: an ``UpstreamExchange`` read by a task, or an ``EventLoopUpstreamExchange`` that
/// hands each part on at once to a relay running on the same loop.
protocol UpstreamExchangeReceiving: AnyObject {
    /// The response head arrived (from then on the idle timeout, not the first-byte one, applies).
    var receivedHead: Bool { get }
    /// The reader is behind: the connection stops reading until ``PlainHTTP1ConnectionHandler/resumeReading()``.
    var shouldPauseReading: Bool { get }
    func receive(head: HTTPResponseHead)
    func receive(part: ByteBuffer)
    /// The exchange is over: the response ended, or the connection failed (at most once).
    func finish(_ ending: Result<Void, any Error>)
}
