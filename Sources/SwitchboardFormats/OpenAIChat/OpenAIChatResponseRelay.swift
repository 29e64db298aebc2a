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
        var model: JSONMemberLayout?
        var usage: JSONMemberLayout?
        do {
            // The answer is relayed, not read: its strings are not re-validated (as for stream
            // events), and only the two members the relay needs are looked at.
            _ = try JSON.forEachMember(ofRelayed: body) { member in
                if member.keyIs(modelKey, in: body) {
                    model = member
                } else if member.keyIs(usageKey, in: body) {
                    usage = member
                }
            }
        } catch {
            throw GatewayError(.upstreamUnavailable, "The upstream returned a response that is not valid JSON (\(error)).")
        }
        var relayed = body
        let clientModelJSON = JSON.serialize(.string(clientModel))
        if let model, !body[model.valueRange].elementsEqual(clientModelJSON) {
            relayed.replaceSubrange(model.valueRange, with: clientModelJSON)
        }
        let read = usage.flatMap { try? JSON.parse(body[$0.valueRange]) }.flatMap(OpenAIChatUsage.decode)
        return Relayed(body: relayed, usage: read)
    }

    private static let modelKey = Array("model".utf8)
    private static let usageKey = Array("usage".utf8)
}
