import SwitchboardCore
import SwitchboardFormats
import Testing

/// A client's Messages request read into the canonical model, and the 400s that name the field.
@Suite("Anthropic Messages requests from clients")
struct AnthropicRequestDecoderTests {
    static func decode(_ text: String) throws(GatewayError) -> GenerationRequest {
        try AnthropicMessagesRequestDecoder.decode(body: Array(text.utf8))
    }

    @Test func readsEveryModelledMember() throws {
        let request = try Self.decode(#"""
        {"model":"claude-x","max_tokens":100,"system":[{"type":"text","text":"be brief","cache_control":{"type":"ephemeral"}}],
         "messages":[
          {"role":"user","content":[{"type":"text","text":"look"},
            {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}},
            {"type":"image","source":{"type":"url","url":"https://x/y.png"}},
            {"type":"document","source":{"type":"text","media_type":"text/plain","data":"doc"}}]},
          {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig1"},
            {"type":"redacted_thinking","data":"enc1"},{"type":"text","text":"calling"},
            {"type":"tool_use","id":"toolu_1","name":"f","input":{"a":[1,2.50]}},
            {"type":"tool_use","id":"toolu_2","name":"g","input":{}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"42"},
            {"type":"tool_result","tool_use_id":"toolu_2","is_error":true,"content":[{"type":"text","text":"boom"}]},
            {"type":"text","text":"and now?"}]}],
         "tools":[{"name":"f","description":"d","input_schema":{"type":"object"}},{"type":"web_search_20250305","name":"web_search","max_uses":3}],
         "tool_choice":{"type":"any","disable_parallel_tool_use":true},
         "thinking":{"type":"enabled","budget_tokens":2048},"stop_sequences":["END"],"temperature":0.5,"top_p":0.9,"top_k":40,
         "metadata":{"user_id":"u-1"},"stream":true,"service_tier":"auto","container":"c-1"}
        """#)
        #expect(request.model == "claude-x")
        #expect(request.maxOutputTokens == 100)
        #expect(request.messages.map(\.role) == [.system, .user, .assistant, .tool, .tool, .user])
        #expect(request.messages[0].content == [.text("be brief")])
        #expect(request.messages[1].content[0...2] == [
            .text("look"), .image(ImageSource(mediaType: "image/png", base64Data: "iVBOR")), .image(ImageSource(url: "https://x/y.png")),
        ])
        #expect(request.messages[1].content[3]["type"] == "document")
        #expect(request.messages[2].content == [
            .reasoning(Reasoning(text: "hmm", signature: "sig1", providerFamily: "anthropic")),
            .reasoning(Reasoning(text: "", encryptedContent: "enc1", providerFamily: "anthropic")),
            .text("calling"),
            .toolCall(ToolCall(id: "toolu_1", name: "f", arguments: #"{"a":[1,2.50]}"#)),
            .toolCall(ToolCall(id: "toolu_2", name: "g", arguments: "{}")),
        ])
        #expect(request.messages[3].content == [.toolResult(ToolResult(toolCallID: "toolu_1", content: [.text("42")]))])
        #expect(request.messages[4].content == [.toolResult(ToolResult(toolCallID: "toolu_2", content: [.text("boom")], isError: true))])
        #expect(request.messages[5].content == [.text("and now?")])
        #expect(request.tools == [ToolDefinition(name: "f", description: "d", parameters: .object(["type": "object"]))])
        #expect(request.toolChoice == .required)
        #expect(request.parallelToolCalls == false)
        #expect(request.thinkingBudgetTokens == 2048)
        #expect(request.stop == ["END"])
        #expect(request.temperature == 0.5)
        #expect(request.topP == 0.9)
        #expect(request.topK == 40)
        #expect(request.user == "u-1")
        #expect(request.metadata == ["user_id": "u-1"])
        #expect(request.stream)
        #expect(request.streamIncludeUsage)
        #expect(request.extraFormat == .anthropicMessages)
        #expect(request.extra.keys == ["service_tier", "container", "tools"])
        #expect(request.extra["tools"]?.arrayValue?.first?["name"] == "web_search")
    }

    @Test func readsToolChoicesAndThinkingModes() throws {
        let base = #""model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]"#
        let tool = try Self.decode("{\(base),\"tool_choice\":{\"type\":\"tool\",\"name\":\"f\"},\"thinking\":{\"type\":\"disabled\"}}")
        #expect(tool.toolChoice == .function("f"))
        #expect(tool.parallelToolCalls == nil)
        #expect(tool.thinkingBudgetTokens == 0)
        let none = try Self.decode("{\(base),\"tool_choice\":{\"type\":\"none\"},\"system\":\"sys\",\"thinking\":{\"type\":\"adaptive\"}}")
        #expect(none.toolChoice == ToolChoice.none)
        #expect(none.messages.first == Message(role: .system, content: [.text("sys")]))
        #expect(none.thinkingBudgetTokens == nil)
        #expect(none.extra["thinking"] == .object(["type": "adaptive"]))
        let plain = try Self.decode("{\(base)}")
        #expect(plain.messages == [Message(role: .user, content: [.text("hi")])])
        #expect(!plain.stream)
        #expect(plain.extra.isEmpty)
    }

    static let invalidBodies: [(body: String, param: String)] = [
        (#"{"max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#, "model"),
        (#"{"model":7,"max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#, "model"),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#, "max_tokens"),
        (#"{"model":"m","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}"#, "max_tokens"),
        (#"{"model":"m","max_tokens":"5","messages":[{"role":"user","content":"hi"}]}"#, "max_tokens"),
        (#"{"model":"m","max_tokens":2.5,"messages":[{"role":"user","content":"hi"}]}"#, "max_tokens"),
        (#"{"model":"m","max_tokens":5}"#, "messages"),
        (#"{"model":"m","max_tokens":5,"messages":{}}"#, "messages"),
        (#"{"model":"m","max_tokens":5,"messages":[]}"#, "messages"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"system","content":"hi"}]}"#, "messages[0].role"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user"}]}"#, "messages[0].content"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text"}]}]}"#, "messages[0].content[0].text"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"text":"x"}]}]}"#, "messages[0].content[0].type"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"a"},{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f"}]}]}"#, "messages[1].content[0].input"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","content":"x"}]}]}"#, "messages[0].content[0].tool_use_id"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text"}]}]}]}"#, "messages[0].content[0].content[0].text"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png"}}]}]}"#, "messages[0].content[0].source.data"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":[{"type":"thinking","signature":"s"}]}]}"#, "messages[0].content[0].thinking"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":[{"type":"redacted_thinking"}]}]}"#, "messages[0].content[0].data"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"system":[{"type":"text"}]}"#, "system[0].text"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"f"}]}"#, "tools[0].input_schema"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"tool_choice":{"type":"tool"}}"#, "tool_choice.name"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"tool_choice":{"type":"sometimes"}}"#, "tool_choice.type"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"thinking":{"type":"enabled"}}"#, "thinking.budget_tokens"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"stop_sequences":["a",1]}"#, "stop_sequences[1]"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"temperature":"hot"}"#, "temperature"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"stream":"yes"}"#, "stream"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"metadata":{"user_id":5}}"#, "metadata.user_id"),
    ]

    @Test(arguments: invalidBodies.indices)
    func rejectsInvalidRequestsNamingTheField(_ position: Int) {
        let (body, param) = Self.invalidBodies[position]
        do {
            _ = try Self.decode(body)
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.status == 400)
            #expect(error.param == param, "\(body)")
            #expect(error.message.hasPrefix(param + ": "))
            #expect(AnthropicErrorEnvelope.errorType(for: error) == "invalid_request_error")
        }
    }

    @Test func rejectsMalformedJSON() {
        for body in [#"{"model":"m","#, "[1,2]"] {
            do {
                _ = try Self.decode(body)
                Issue.record("accepted \(body)")
            } catch {
                #expect(error.kind == .invalidRequest)
                #expect(error.param == nil)
            }
        }
    }
}

extension ContentBlock {
    /// The member of an unknown block, for tests.
    subscript(key: String) -> JSONValue? {
        if case .unknown(let value) = self { return value[key] }
        return nil
    }
}
