public import SwitchboardCore

/// Prepares an upstream's non-streamed Chat Completions body for the client: the `model` shows
/// the name the client asked for, every other byte stays the upstream's; usage is read for
/// accounting.
public enum OpenAIChatResponseRelay {
    public struct Relayed: Sendable {
        public let body: [UInt8]
        public let usage: Usage?
    }

    /// Fails when the upstream's success body is not a JSON object.
    public static func relay(body: [UInt8], clientModel: String) throws(GatewayError) -> Relayed {
        let index: JSONObjectIndex
        do {
            // The answer is relayed, not read: its strings are not re-validated (as for stream events).
            index = try JSON.index(body, validatingStrings: false)
        } catch {
            throw GatewayError(.upstreamUnavailable, "The upstream returned a response that is not valid JSON (\(error)).")
        }
        var splice = JSONSplice(document: body, index: index)
        let clientModelJSON = JSON.serialize(.string(clientModel))
        if let model = index["model"], !body[model.valueRange].elementsEqual(clientModelJSON) {
            splice.set("model", rawValue: clientModelJSON)
        }
        let usage = index["usage"].flatMap { try? JSON.parse(body[$0.valueRange]) }.flatMap(OpenAIChatUsage.decode)
        return Relayed(body: splice.result(), usage: usage)
    }
}
