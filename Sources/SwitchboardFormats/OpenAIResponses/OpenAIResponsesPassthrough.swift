public import SwitchboardCore

/// Builds the body sent to a Responses upstream from the client's own Responses body.
///
/// `model` is rewritten to the upstream's name; when the server resolved a
/// `previous_response_id` chain itself, `input` is replaced by the expanded items and
/// `previous_response_id` removed (the upstream never saw the earlier responses). Every other
/// byte is the client's.
public enum OpenAIResponsesPassthrough {
    public static func rewrite(body: [UInt8], upstreamModel: String, expandedInput: [JSONValue]?) throws(GatewayError) -> [UInt8] {
        let index: JSONObjectIndex
        do {
            index = try JSON.index(body)
        } catch {
            throw GatewayError.malformedJSON(error)
        }
        var splice = JSONSplice(document: body, index: index)
        let modelJSON = JSON.serialize(.string(upstreamModel))
        if let model = index["model"], !body[model.valueRange].elementsEqual(modelJSON) {
            splice.set("model", rawValue: modelJSON)
        } else if index["model"] == nil {
            splice.set("model", rawValue: modelJSON)
        }
        if let expandedInput {
            splice.set("input", to: .array(expandedInput))
            splice.remove("previous_response_id")
        }
        return splice.result()
    }
}
