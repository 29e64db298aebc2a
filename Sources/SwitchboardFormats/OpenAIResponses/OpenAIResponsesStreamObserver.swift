public import SwitchboardCore

/// Relays a Responses event stream from a Responses upstream to a Responses client, event by
/// event, while reading what the gateway needs from it.
///
/// Events that carry a response object (`response.created`, `in_progress`, `queued`,
/// `completed`, `incomplete`, `failed`) get `response.model` rewritten to the client's name,
/// splicing bytes so everything else stays the upstream's; delta events pass untouched without
/// being parsed once content has been seen.
public struct OpenAIResponsesStreamObserver: Sendable {
    public let clientModel: String
    public private(set) var usage: Usage?
    public private(set) var finishReason: FinishReason?
    /// An output item or a delta has been relayed.
    public private(set) var sawContent = false
    /// The response object of `response.completed`, `incomplete` or `failed`, model rewritten.
    public private(set) var finalResponse: JSONValue?
    /// The upstream reported an error (`error` event or `response.failed`).
    public private(set) var upstreamError: GatewayError?
    /// A terminal event (`response.completed`, `incomplete` or `failed`) was relayed.
    public private(set) var sawTerminalEvent = false

    private let clientModelJSON: [UInt8]

    public init(clientModel: String) {
        self.clientModel = clientModel
        self.clientModelJSON = JSON.serialize(.string(clientModel))
    }

    static let responseEvents: Set<String> = [
        "response.created", "response.in_progress", "response.queued", "response.completed",
        "response.incomplete", "response.failed",
    ]

    /// The bytes to send to the client for one upstream event.
    public mutating func relay(_ event: ServerSentEvent) -> [UInt8] {
        let type = event.event ?? Self.type(of: event.data)
        if type.hasSuffix(".delta") || type == "response.output_item.added" {
            sawContent = true
            return event.encoded()
        }
        if type == "error" {
            if let payload = try? JSON.parse(event.data) {
                upstreamError = OpenAIResponsesUpstreamError.error(fromEvent: payload)
            }
            return event.encoded()
        }
        guard Self.responseEvents.contains(type), let index = try? JSON.index(event.data, validatingStrings: false),
            let member = index["response"], member.kind == .object
        else { return event.encoded() }

        let responseBytes = Array(event.data[member.valueRange])
        var rewritten = responseBytes
        if let responseIndex = try? JSON.index(responseBytes, validatingStrings: false),
            responseIndex["model"].map({ !responseBytes[$0.valueRange].elementsEqual(clientModelJSON) }) ?? false
        {
            var inner = JSONSplice(document: responseBytes, index: responseIndex)
            inner.set("model", rawValue: clientModelJSON)
            rewritten = inner.result()
        }
        if type == "response.completed" || type == "response.incomplete" || type == "response.failed" {
            observeTerminal(type: type, response: rewritten)
        }
        guard rewritten != responseBytes else { return event.encoded() }
        var outer = JSONSplice(document: event.data, index: index)
        outer.set("response", rawValue: rewritten)
        var output = event
        output.data = outer.result()
        return output.encoded()
    }

    private mutating func observeTerminal(type: String, response bytes: [UInt8]) {
        sawTerminalEvent = true
        guard let response = try? JSON.parse(bytes) else { return }
        finalResponse = response
        usage = OpenAIResponsesUsage.decode(response["usage"]) ?? usage
        if type == "response.failed" {
            if upstreamError == nil { upstreamError = OpenAIResponsesUpstreamError.error(fromFailedResponse: response) }
        } else {
            finishReason = OpenAIResponsesStatus.finishReason(of: response)
        }
    }

    private static func type(of data: [UInt8]) -> String {
        guard let index = try? JSON.index(data, validatingStrings: false), let member = index["type"] else { return "" }
        return (try? JSON.parse(data[member.valueRange]))?.stringValue ?? ""
    }
}
