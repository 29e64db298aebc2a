public import SwitchboardCore
public import Foundation

/// What the gateway records about one request, success or failure.
public struct UsageRecord: Sendable, Equatable {
    public var requestID: String
    public var createdAt: Date
    public var keyID: String?
    public var endpoint: String
    public var model: String
    public var upstreamModel: String?
    public var channel: String?
    public var usage: Usage
    public var status: Int
    public var errorCode: String?
    public var latencyMilliseconds: Double
    public var timeToFirstTokenMilliseconds: Double?
    public var streamed: Bool
    /// The client went away before the response was complete.
    public var cancelled: Bool
    /// What the request cost at the model's price, in USD (0 when the model has no price).
    public var costUSD: Double

    public init(
        requestID: String, createdAt: Date = Date(), keyID: String?, endpoint: String, model: String,
        upstreamModel: String? = nil, channel: String? = nil, usage: Usage = Usage(), status: Int,
        errorCode: String? = nil, latencyMilliseconds: Double, timeToFirstTokenMilliseconds: Double? = nil,
        streamed: Bool, cancelled: Bool = false, costUSD: Double = 0
    ) {
        self.requestID = requestID
        self.createdAt = createdAt
        self.keyID = keyID
        self.endpoint = endpoint
        self.model = model
        self.upstreamModel = upstreamModel
        self.channel = channel
        self.usage = usage
        self.status = status
        self.errorCode = errorCode
        self.latencyMilliseconds = latencyMilliseconds
        self.timeToFirstTokenMilliseconds = timeToFirstTokenMilliseconds
        self.streamed = streamed
        self.cancelled = cancelled
        self.costUSD = costUSD
    }
}
