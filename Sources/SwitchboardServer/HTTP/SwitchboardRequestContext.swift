public import Hummingbird
public import SwitchboardStore
import NIOCore
import Foundation

/// Per-request state: the request id, the authenticated key, when the request started, and the
/// connection (to notice a client that goes away).
public struct SwitchboardRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: String
    public var clientKey: ClientKey?
    public let started: ContinuousClock.Instant
    public let connection: any NIOCore.Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = RequestIdentifier.next()
        self.started = .now
        self.connection = source.channel
    }

    public var maxUploadSize: Int { 20 * 1024 * 1024 }
}

/// Request ids: `req_` and 24 random hex digits.
enum RequestIdentifier {
    static func next() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt32
        return "req_" + hex(high, digits: 16) + hex(UInt64(low), digits: 8)
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
