public import SwitchboardCore

/// Relays an Anthropic channel's event stream to an Anthropic client, event by event.
///
/// Only `message_start` is rewritten (its `message.model` becomes the client's name); every other
/// event goes out with the upstream's bytes, padding included. Along the way it reads what
/// accounting needs: usage (input and cache counts from `message_start`, the final figures from
/// `message_delta`), the stop reason, the first content delta (time to first token), whether
/// `message_stop` came, and an `error` event.
public struct AnthropicMessagesStreamObserver: Sendable {
    public let clientModel: String
    public private(set) var usage: Usage?
    public private(set) var finishReason: FinishReason?
    public private(set) var sawContent = false
    public private(set) var sawMessageStop = false
    public private(set) var upstreamError: GatewayError?

    private let clientModelJSON: [UInt8]
    private var startUsage: JSONObject?

    public init(clientModel: String) {
        self.clientModel = clientModel
        self.clientModelJSON = JSON.serialize(.string(clientModel))
    }

    /// The bytes to send the client for one upstream event.
    public mutating func relay(_ event: ServerSentEvent) -> [UInt8] {
        switch event.event ?? Self.type(of: event) {
        case "content_block_delta":
            sawContent = true
        case "message_start":
            return messageStart(event).encoded()
        case "message_delta":
            if let data = try? JSON.parse(event.data) {
                if let reason = data["delta"]?["stop_reason"]?.stringValue { finishReason = AnthropicStopReason.decode(reason) }
                usage = AnthropicUsage.merge(start: startUsage, delta: data["usage"]?.objectValue)
            }
        case "message_stop":
            sawMessageStop = true
        case "error":
            upstreamError = AnthropicErrorEnvelope.decodeStreamError(try? JSON.parse(event.data))
        default:
            break
        }
        return event.encoded()
    }

    /// `message_start` with `message.model` set to the client's name.
    private mutating func messageStart(_ event: ServerSentEvent) -> ServerSentEvent {
        guard let index = try? JSON.index(event.data, validatingStrings: false),
            let messageMember = index["message"], messageMember.kind == .object
        else { return event }
        let messageBytes = Array(event.data[messageMember.valueRange])
        guard let messageIndex = try? JSON.index(messageBytes, validatingStrings: false) else { return event }
        if let usageMember = messageIndex["usage"] {
            startUsage = (try? JSON.parse(messageBytes[usageMember.valueRange]))?.objectValue
            usage = startUsage.map { AnthropicUsage.merge(start: $0, delta: nil) }
        }
        guard let model = messageIndex["model"], !messageBytes[model.valueRange].elementsEqual(clientModelJSON) else {
            return event
        }
        var messageSplice = JSONSplice(document: messageBytes, index: messageIndex)
        messageSplice.set("model", rawValue: clientModelJSON)
        var splice = JSONSplice(document: event.data, index: index)
        splice.set("message", rawValue: messageSplice.result())
        var output = event
        output.data = splice.result()
        return output
    }

    /// The `type` member, for an event sent without an `event:` line.
    private static func type(of event: ServerSentEvent) -> String {
        (try? JSON.parse(event.data))?["type"]?.stringValue ?? ""
    }
}
