public import SwitchboardCore

/// Writes canonical stream events in one client format's SSE dialect.
///
/// One instance per response stream; it keeps the state the format needs (open content blocks,
/// sequence numbers, accumulated output for a final `response.completed`).
public protocol ClientStreamEncoding: Sendable {
    /// The SSE events for one canonical event (possibly none).
    mutating func encode(_ event: StreamEvent) -> [ServerSentEvent]
    /// The events that end a stream that completed (`[DONE]`, `message_stop`, ...).
    mutating func finish() -> [ServerSentEvent]
    /// The events that end a stream that failed after it began: an error in the format's own
    /// envelope, then whatever the format needs to close.
    mutating func fail(_ error: GatewayError) -> [ServerSentEvent]
}
