public import SwitchboardCore

/// Relays a Chat Completions event stream from an OpenAI-compatible upstream, event by event.
///
/// Rewrites `model` to the client's name, reads usage for accounting, and drops the usage chunk
/// the gateway asked for on its own behalf when the client did not ask for it. Everything else
/// passes as the upstream sent it.
public struct OpenAIChatStreamRelay: Sendable {
    public let clientModel: String
    public let clientWantsUsage: Bool
    public private(set) var usage: Usage?
    public private(set) var finishReason: FinishReason?
    public private(set) var sawDone = false
    /// The upstream sent an error object inside the stream.
    public private(set) var upstreamError: JSONValue?
    /// At least one chunk carried generated content (text, tool call, refusal).
    public private(set) var sawContent = false

    public init(clientModel: String, clientWantsUsage: Bool) {
        self.clientModel = clientModel
        self.clientWantsUsage = clientWantsUsage
    }

    /// Returns the bytes to send for one upstream event, or nil to send nothing.
    public mutating func relay(_ event: ServerSentEvent) -> [UInt8]? {
        if event.data == Self.doneMarker {
            sawDone = true
            return ServerSentEvent(data: Self.doneMarker).encoded()
        }
        guard let index = try? JSON.index(event.data) else {
            return event.encoded()
        }
        if let errorMember = index["error"], errorMember.kind == .object {
            upstreamError = try? JSON.parse(event.data[errorMember.valueRange])
            return event.encoded()
        }
        var splice = JSONSplice(document: event.data, index: index)
        if let usageMember = index["usage"], usageMember.kind == .object {
            usage = (try? JSON.parse(event.data[usageMember.valueRange])).flatMap(OpenAIChatUsage.decode)
            if !clientWantsUsage {
                if let choices = index["choices"], Self.isEmptyArray(event.data[choices.valueRange]) {
                    return nil
                }
                splice.remove("usage")
            }
        }
        if let choices = index["choices"], choices.kind == .array {
            inspectChoices(event.data[choices.valueRange])
        }
        if let model = index["model"], (try? JSON.parse(event.data[model.valueRange]))?.stringValue != clientModel {
            splice.set("model", to: .string(clientModel))
        }
        var output = event
        output.data = splice.result()
        return output.encoded()
    }

    private mutating func inspectChoices(_ bytes: ArraySlice<UInt8>) {
        guard !sawContent || finishReason == nil, let choices = (try? JSON.parse(bytes))?.arrayValue else { return }
        for choice in choices {
            if let reason = choice["finish_reason"]?.stringValue {
                finishReason = OpenAIChatFinishReason.decode(reason)
            }
            if let delta = choice["delta"],
                delta["content"]?.stringValue?.isEmpty == false || delta["tool_calls"]?.arrayValue != nil
                    || delta["refusal"]?.stringValue?.isEmpty == false
            {
                sawContent = true
            }
        }
    }

    private static func isEmptyArray(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    }

    public static let doneMarker: [UInt8] = Array("[DONE]".utf8)
}
