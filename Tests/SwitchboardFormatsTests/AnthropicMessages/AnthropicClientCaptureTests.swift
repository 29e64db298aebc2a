import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting
import Testing

/// Real requests from Claude Code and OpenCode: accepted whole, and written back by the adapter
/// into a body with the same system, messages, tools, tool choice and thinking.
@Suite("Anthropic client captures")
struct AnthropicClientCaptureTests {
    @Test func claudeCodeFirstTurn() throws {
        let request = try AnthropicMessagesRequestDecoder.decode(
            body: try Fixtures.data("clients/claude-code/messages-first-turn-v1.0.113-sdk-cli.request.json"))
        #expect(request.model == "claude-sonnet-4-20250514")
        #expect(request.maxOutputTokens == 21333)
        #expect(request.temperature == 1)
        #expect(!request.stream)
        #expect(request.messages.map(\.role) == [.system, .user])
        #expect(request.messages[0].content.first == .text("You are Claude Code, Anthropic's official CLI for Claude."))
        #expect(request.messages[0].content.count == 2)
        #expect(request.messages[1].content.last == .text("test"))
        #expect(request.tools.map(\.name) == [
            "Task", "Bash", "Glob", "Grep", "ExitPlanMode", "Read", "Edit", "MultiEdit", "Write", "NotebookEdit",
            "WebFetch", "TodoWrite", "WebSearch", "BashOutput", "KillShell",
        ])
        #expect(request.tools.allSatisfy { $0.parameters?["$schema"] == "http://json-schema.org/draft-07/schema#" })
        #expect(request.user?.hasPrefix("user_a71c0dd8") == true)
        #expect(request.extra.isEmpty)
    }

    @Test func openCodeForcedToolCall() throws {
        let request = try AnthropicMessagesRequestDecoder.decode(
            body: try Fixtures.data("clients/opencode/anthropic-messages-forced-tool-call.request.json"))
        #expect(request.model == "claude-haiku-4-5-20251001")
        #expect(request.toolChoice == .required)
        #expect(request.stream)
        #expect(request.temperature == 0)
        #expect(request.maxOutputTokens == 32000)
        #expect(request.messages == [
            Message(role: .system, content: [.text("Call tools exactly as instructed.\nYou must call the lookup tool exactly once with query weather. Do not answer in text.")]),
            Message(role: .user, content: [.text("Use lookup.")]),
        ])
        #expect(request.tools.map(\.name) == ["lookup"])
    }

    static let captures = [
        "clients/claude-code/messages-first-turn-v1.0.113-sdk-cli.request.json",
        "clients/opencode/anthropic-messages-forced-tool-call.request.json",
    ]

    @Test(arguments: captures)
    func reencodesThroughTheAdapter(_ path: String) throws {
        let body = try Fixtures.data(path)
        let original = try JSON.parse(body)
        let request = try AnthropicMessagesRequestDecoder.decode(body: body)
        let encoded = try JSON.parse(try AnthropicMessagesAdapter().encodeRequest(request, model: request.model, stream: request.stream))
        Self.expectSameConversation(encoded, original)
        for key in ["model", "max_tokens", "temperature", "metadata", "stream"] {
            #expect(encoded[key] == original[key], "\(key)")
        }
    }

    /// A later Claude Code turn (no public capture has one): thinking with its signature,
    /// parallel tool calls, their results (one an error with block content) and the next prompt.
    @Test func toolLoopTurnRoundTrips() throws {
        let text = #"""
        {"model":"claude-sonnet-4-5","max_tokens":32000,"system":[{"type":"text","text":"a"},{"type":"text","text":"b"}],
         "messages":[{"role":"user","content":[{"type":"text","text":"list files"}]},
          {"role":"assistant","content":[{"type":"thinking","thinking":"use ls","signature":"EqQB"},
            {"type":"redacted_thinking","data":"EmwK"},{"type":"text","text":"Listing."},
            {"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"ls","timeout":5}},
            {"type":"tool_use","id":"toolu_2","name":"Glob","input":{"pattern":"*"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"a.txt"},
            {"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"no"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}}],"is_error":true},
            {"type":"text","text":"thanks"}]}],
         "tools":[{"name":"Bash","description":"run","input_schema":{"type":"object","properties":{"command":{"type":"string"}}}}],
         "tool_choice":{"type":"auto","disable_parallel_tool_use":true},"thinking":{"type":"enabled","budget_tokens":4000},
         "stream":true,"context_management":{"edits":[]}}
        """#
        let original = try JSON.parse(text)
        let request = try AnthropicMessagesRequestDecoder.decode(body: Array(text.utf8))
        let encoded = try JSON.parse(try AnthropicMessagesAdapter().encodeRequest(request, model: "claude-sonnet-4-5", stream: true))
        Self.expectSameConversation(encoded, original)
        #expect(encoded["thinking"] == original["thinking"])
        #expect(encoded["context_management"] == original["context_management"], "extra members go back to Anthropic")
        #expect(encoded["stream"] == .bool(true))
    }

    /// system, messages, tools, tool_choice and thinking as Anthropic reads them: `cache_control`
    /// aside (not translated), and a string `system` or `content` the same as one text block.
    static func expectSameConversation(_ encoded: JSONValue, _ original: JSONValue) {
        #expect(normalizedSystem(encoded["system"]) == normalizedSystem(original["system"]))
        #expect(normalizedMessages(encoded["messages"]) == normalizedMessages(original["messages"]))
        #expect(encoded["tools"].map(removingCacheControl) == original["tools"].map(removingCacheControl))
        #expect(encoded["tool_choice"] == original["tool_choice"])
        #expect(encoded["thinking"] == original["thinking"])
    }

    static func normalizedSystem(_ value: JSONValue?) -> JSONValue? {
        guard let value else { return nil }
        if case .string(let text) = value { return .array([.object(["type": "text", "text": .string(text)])]) }
        return removingCacheControl(value)
    }

    static func normalizedMessages(_ value: JSONValue?) -> JSONValue? {
        guard let messages = value?.arrayValue else { return value }
        return .array(messages.map { message in
            var object = message.objectValue ?? [:]
            if case .string(let text)? = object["content"] {
                object["content"] = .array([.object(["type": "text", "text": .string(text)])])
            }
            return removingCacheControl(.object(object))
        })
    }
}
