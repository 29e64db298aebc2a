public import SwitchboardCore

/// Builds the body sent to an Anthropic channel from an Anthropic client's own body.
///
/// Only `model` changes (the client's name to the upstream's); every other byte is the
/// client's, so `cache_control`, server tools, betas' members and anything newer than this
/// gateway reach Anthropic untouched. Anthropic streams always report usage, so nothing else is
/// needed for accounting.
public enum AnthropicMessagesPassthrough {
    public static func rewrite(body: [UInt8], upstreamModel: String) throws(GatewayError) -> [UInt8] {
        let index: JSONObjectIndex
        do {
            index = try JSON.index(body)
        } catch {
            throw GatewayError.malformedJSON(error)
        }
        let modelJSON = JSON.serialize(.string(upstreamModel))
        if let model = index["model"], body[model.valueRange].elementsEqual(modelJSON) { return body }
        var splice = JSONSplice(document: body, index: index)
        splice.set("model", rawValue: modelJSON)
        return splice.result()
    }
}
