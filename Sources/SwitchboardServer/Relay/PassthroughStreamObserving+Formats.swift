import SwitchboardCore
import SwitchboardFormats

extension AnthropicMessagesStreamObserver: PassthroughStreamObserving {
    mutating func relayBytes(_ event: ServerSentEvent) -> [UInt8] { relay(event) }
    var observedUsage: Usage? { usage }
    var observedContent: Bool { sawContent }
    var observedError: GatewayError? { upstreamError }
    var observedCompletion: Bool { sawMessageStop }
}

extension GeminiStreamObserver: PassthroughStreamObserving {
    mutating func relayBytes(_ event: ServerSentEvent) -> [UInt8] { relay(event) }
    var observedUsage: Usage? { usage }
    var observedContent: Bool { sawContent }
    var observedError: GatewayError? { upstreamError }
    var observedCompletion: Bool { completed }
}

extension OpenAIResponsesStreamObserver: PassthroughStreamObserving {
    mutating func relayBytes(_ event: ServerSentEvent) -> [UInt8] { relay(event) }
    var observedUsage: Usage? { usage }
    var observedContent: Bool { sawContent }
    var observedError: GatewayError? { upstreamError }
    var observedCompletion: Bool { sawTerminalEvent }
}
