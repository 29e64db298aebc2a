public import SwitchboardCore

/// Reads a non-streamed Responses answer relayed from a Responses upstream: the client's model
/// name spliced in (every other byte kept), and the response, usage and finish reason read.
public enum OpenAIResponsesResponseObserver {
    public static func observe(
        body: [UInt8], clientModel: String
    ) -> (body: [UInt8], response: JSONValue?, usage: Usage?, finishReason: FinishReason?) {
        guard let index = try? JSON.index(body, validatingStrings: false) else { return (body, nil, nil, nil) }
        var rewritten = body
        let modelJSON = JSON.serialize(.string(clientModel))
        if let model = index["model"], !body[model.valueRange].elementsEqual(modelJSON) {
            var splice = JSONSplice(document: body, index: index)
            splice.set("model", rawValue: modelJSON)
            rewritten = splice.result()
        }
        guard let response = try? JSON.parse(rewritten) else { return (rewritten, nil, nil, nil) }
        let finished = response["status"]?.stringValue == "completed" || response["status"]?.stringValue == "incomplete"
        return (
            rewritten, response, OpenAIResponsesUsage.decode(response["usage"]),
            finished ? OpenAIResponsesStatus.finishReason(of: response) : nil
        )
    }
}
