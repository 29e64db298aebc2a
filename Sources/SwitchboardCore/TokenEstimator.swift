/// A deterministic token estimate (about four UTF-8 bytes a token) for text no upstream counted:
/// the mock provider, and streams cut off before the upstream reported usage.
public enum TokenEstimator {
    public static func estimate(_ text: String) -> Int {
        text.isEmpty ? 0 : max(1, (text.utf8.count + 3) / 4)
    }

    /// Estimated prompt tokens of a request: every text part, tool definition and a few per message.
    public static func estimate(_ request: GenerationRequest) -> Int {
        var total = 0
        for message in request.messages {
            total += 3
            for block in message.content {
                switch block {
                case .text(let text), .refusal(let text): total += estimate(text)
                case .image: total += 85
                case .toolCall(let call): total += estimate(call.name) + estimate(call.arguments)
                case .toolResult(let result): total += result.content.compactMap(\.text).map(estimate).reduce(0, +)
                case .reasoning(let reasoning): total += estimate(reasoning.text)
                case .unknown(let value): total += estimate(JSON.string(value))
                }
            }
        }
        for tool in request.tools {
            total += estimate(tool.name) + estimate(tool.description ?? "") + estimate(tool.parameters.map(JSON.string) ?? "")
        }
        return total
    }
}
