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
        let members: ChatCompletionMembers
        var edits: JSONEdits
        do {
            // The answer is relayed, not read: its strings are not re-validated (as for stream
            // events), and only the members the relay needs are looked at.
            let read = try ChatCompletionMembers.read(body)
            members = read.members
            edits = JSONEdits(document: body, closingBrace: read.closingBrace)
        } catch {
            throw GatewayError(.upstreamUnavailable, "The upstream returned a response that is not valid JSON (\(error)).")
        }
        let clientModelJSON = JSON.serialize(.string(clientModel))
        if let model = members.model, !members.modelIs(clientModelJSON, in: body) {
            edits.replace(model.valueRange, with: clientModelJSON)
        }
        let usage = members.usage.flatMap { OpenAIChatUsage.decode(body, objectAt: $0.valueRange) }
        return Relayed(body: edits.result(), usage: usage)
    }
}
