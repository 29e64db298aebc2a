public import Hummingbird
public import SwitchboardStore
import NIOCore
import SwitchboardCore

/// Per-request state: the request id, the authenticated key, when the request started, and the
/// connection (to notice a client that goes away).
public struct SwitchboardRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: String
    public var clientKey: ClientKey?
    public let started: ContinuousClock.Instant
    public let connection: any NIOCore.Channel
    /// Rate-limit state for the response headers, set on admission.
    let rateLimitHeaders = RateLimitHeaderSlot()
    /// The key and body the event-loop relay already checked, when it handed the request over.
    var preparedChat: PreparedChatRequest?
    /// Tells when the client's connection closes (nil for a request not served by a connection).
    var disconnect: ClientDisconnectObserver?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = RandomIdentifier.makeTimeOrdered("req_")
        self.started = .now
        self.connection = source.channel
    }
}
