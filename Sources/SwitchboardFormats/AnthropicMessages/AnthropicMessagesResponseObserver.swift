public import SwitchboardCore

/// Prepares an Anthropic channel's non-streamed answer for an Anthropic client: `model` shows the
/// client's name (rewritten as bytes, every other byte kept), usage and stop reason are read for
/// accounting.
public enum AnthropicMessagesResponseObserver {
    /// A body that is not a JSON object is returned as it is, with nothing read.
    public static func observe(body: [UInt8], clientModel: String) -> (body: [UInt8], usage: Usage?, finishReason: FinishReason?) {
        guard let index = try? JSON.index(body, validatingStrings: false) else { return (body, nil, nil) }
        var splice = JSONSplice(document: body, index: index)
        let clientModelJSON = JSON.serialize(.string(clientModel))
        if let model = index["model"], !body[model.valueRange].elementsEqual(clientModelJSON) {
            splice.set("model", rawValue: clientModelJSON)
        }
        let usage = index["usage"].flatMap { try? JSON.parse(body[$0.valueRange]) }.flatMap(AnthropicUsage.decode)
        let reason = index["stop_reason"]
            .flatMap { try? JSON.parse(body[$0.valueRange]).stringValue }
            .map(AnthropicStopReason.decode)
        return (splice.result(), usage, reason)
    }
}
