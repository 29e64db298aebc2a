/// The captures behind each named scenario (`scenario:NAME`), per provider and mode.
///
/// | scenario | Chat (json / stream) | Responses | Anthropic | Gemini |
/// |---|---|---|---|---|
/// | `text` | chat-nonstream-text / chat-stream-text-include-usage | responses-nonstream-text / responses-stream-text | messages-nonstream-text / messages-stream-text | generate-content-text / stream-sse-text |
/// | `tools` | chat-nonstream-tool-call-single / chat-stream-tool-call-include-usage | responses-nonstream-function-call / responses-stream-function-call | messages-nonstream-tool-use / messages-stream-tool-use-input-json-delta | generate-content-function-call / stream-sse-function-call |
/// | `parallel-tools` | chat-nonstream-tool-calls-parallel / chat-stream-parallel-tool-calls-include-usage | as `tools` (no parallel capture) | messages-nonstream-tool-use (no parallel json capture) / messages-stream-parallel-tool-use | as `tools` (no parallel capture) |
/// | `thinking` | chat-nonstream-reasoning-usage-o3-mini / chat-stream-reasoning-usage-azure (reasoning tokens only) | responses-nonstream-reasoning-summary / responses-stream-reasoning-summary-code-interpreter | messages-nonstream-thinking / messages-stream-thinking-signature | generate-content-thoughts / stream-sse-thoughts |
/// | `cached` | chat-nonstream-cached-tokens / chat-stream-text-include-usage (no cached stream capture) | responses-nonstream-cached-tokens / responses-stream-text | messages-nonstream-cache-usage / messages-stream-cache-read-compaction | as `text` (no cached capture) |
/// | `refusal` | chat-nonstream-refusal / chat-stream-refusal | as `text` | as `text` | as `text` |
///
/// `tools` and `parallel-tools` answer as `text` when the conversation's last turn is a tool result,
/// so an SDK's tool round trip completes. Gemini streams without `alt=sse` are the same captures
/// written as a JSON array.
enum TestUpstreamScenarioTable {
    static let names: Set<String> = ["text", "tools", "parallel-tools", "thinking", "cached", "refusal"]

    /// The capture name (without folder and extension) for `scenario`.
    static func capture(_ scenario: String, wire: TestUpstreamWire, stream: Bool, afterToolResult: Bool) -> String {
        var scenario = scenario
        if afterToolResult, scenario == "tools" || scenario == "parallel-tools" { scenario = "text" }
        let pair = captures(wire)[scenario] ?? captures(wire)["text"]!
        return stream ? pair.stream : pair.nonStream
    }

    private static func captures(_ wire: TestUpstreamWire) -> [String: (nonStream: String, stream: String)] {
        switch wire {
        case .chat:
            [
                "text": ("chat-nonstream-text", "chat-stream-text-include-usage"),
                "tools": ("chat-nonstream-tool-call-single", "chat-stream-tool-call-include-usage"),
                "parallel-tools": ("chat-nonstream-tool-calls-parallel", "chat-stream-parallel-tool-calls-include-usage"),
                "thinking": ("chat-nonstream-reasoning-usage-o3-mini", "chat-stream-reasoning-usage-azure"),
                "cached": ("chat-nonstream-cached-tokens", "chat-stream-text-include-usage"),
                "refusal": ("chat-nonstream-refusal", "chat-stream-refusal"),
            ]
        case .responses:
            [
                "text": ("responses-nonstream-text", "responses-stream-text"),
                "tools": ("responses-nonstream-function-call", "responses-stream-function-call"),
                "parallel-tools": ("responses-nonstream-function-call", "responses-stream-function-call"),
                "thinking": ("responses-nonstream-reasoning-summary", "responses-stream-reasoning-summary-code-interpreter"),
                "cached": ("responses-nonstream-cached-tokens", "responses-stream-text"),
            ]
        case .anthropic:
            [
                "text": ("messages-nonstream-text", "messages-stream-text"),
                "tools": ("messages-nonstream-tool-use", "messages-stream-tool-use-input-json-delta"),
                "parallel-tools": ("messages-nonstream-tool-use", "messages-stream-parallel-tool-use"),
                "thinking": ("messages-nonstream-thinking", "messages-stream-thinking-signature"),
                "cached": ("messages-nonstream-cache-usage", "messages-stream-cache-read-compaction"),
            ]
        case .gemini:
            [
                "text": ("generate-content-text", "stream-sse-text"),
                "tools": ("generate-content-function-call", "stream-sse-function-call"),
                "parallel-tools": ("generate-content-function-call", "stream-sse-function-call"),
                "thinking": ("generate-content-thoughts", "stream-sse-thoughts"),
            ]
        }
    }
}
