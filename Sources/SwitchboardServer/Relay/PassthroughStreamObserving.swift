import SwitchboardCore
import SwitchboardFormats

/// What a same-format stream relay needs from a format's stream observer: the bytes to send for
/// each upstream event, and what it learned on the way (usage, first content, errors, the end).
protocol PassthroughStreamObserving: Sendable {
    /// The bytes to send for one upstream event (the model name rewritten where the format has it).
    mutating func relayBytes(_ event: ServerSentEvent) -> [UInt8]
    var observedUsage: Usage? { get }
    var observedContent: Bool { get }
    /// An error the upstream reported inside the stream.
    var observedError: GatewayError? { get }
    /// The upstream's stream reached its terminal event (a stream cut before it is a failure).
    var observedCompletion: Bool { get }
}
