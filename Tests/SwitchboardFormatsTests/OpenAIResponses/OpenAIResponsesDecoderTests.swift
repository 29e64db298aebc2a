import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Responses client requests to the canonical model")
struct OpenAIResponsesDecoderTests {
    @Test func codexFirstTurnDecodes() throws {
        let request = try OpenAIResponsesRequest.parse(body: try Fixtures.data("clients/codex/responses-first-turn-v0.34.0.request.json"))
        let canonical = OpenAIResponsesDecoder.decode(request, history: [])
        #expect(canonical.model == "gpt-5")
        #expect(canonical.messages.map(\.role) == [.system, .user, .user, .user])
        #expect(canonical.messages[0].text == request.instructions)
        #expect(canonical.messages[3].content == [.text("test")])
        #expect(canonical.tools.map(\.name) == ["shell", "view_image"])
        #expect(canonical.tools.allSatisfy { $0.strict == false && $0.parameters?["type"] == "object" })
        #expect(canonical.toolChoice == .auto)
        #expect(canonical.parallelToolCalls == false)
        #expect(canonical.reasoningEffort == "medium")
        #expect(canonical.reasoningSummary == "auto")
        #expect(canonical.stream)
        #expect(canonical.streamIncludeUsage)
        #expect(canonical.extraFormat == .openAIResponses)
        #expect(canonical.extra.keys.sorted() == ["include", "prompt_cache_key"], "store, stream and instructions are the gateway's")
        #expect(canonical.extra["tools"] == nil, "no non-function tools")
    }

    @Test func openCodeFollowUpMergesAssistantTurns() throws {
        let request = try OpenAIResponsesRequest.parse(body: try Fixtures.data("clients/opencode/responses-followup-function-calls-gpt-5.request.json"))
        let canonical = OpenAIResponsesDecoder.decode(request, history: [])
        let roles = canonical.messages.map(\.role)
        #expect(roles.prefix(7) == [.developer, .developer, .user, .assistant, .user, .assistant, .user])
        #expect(roles.count == 21, "7 assistant text + call pairs merge; 7 tool results stay apart")
        #expect(roles.filter { $0 == .tool }.count == 7)
        let firstCallTurn = canonical.messages[7]
        #expect(firstCallTurn.role == .assistant)
        #expect(firstCallTurn.content == [
            .text("Running the Unix `id` command to show user/group info."),
            .toolCall(ToolCall(id: "call_YQEU3mWtYG3utfJBwRGSYJOo", name: "bash", arguments: #"{"command":"id","description":"Shows current user and group information"}"#)),
        ])
        #expect(canonical.messages[8] == Message(role: .tool, content: [.toolResult(ToolResult(
            toolCallID: "call_YQEU3mWtYG3utfJBwRGSYJOo",
            content: [.text("uid=1000(rick) gid=100(users) groups=100(users),1(wheel),26(video),67(libvirtd),131(docker),303(render),988(plugdev)\n")]))]))
        #expect(canonical.tools.count == 11)
        #expect(canonical.tools[0].parameters?["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(canonical.maxOutputTokens == 32000)
        #expect(canonical.reasoningEffort == "medium")
        #expect(canonical.reasoningSummary == nil)
        #expect(canonical.extra["text"] == .object(["verbosity": "low"]), "text members beside format stay in extra")
        #expect(canonical.extra["prompt_cache_key"] == "ses_66dcbde69ffeI41CIcCilhX1gs")
        #expect(canonical.responseFormat == nil)
    }

    @Test func historyGoesBeforeTheNewInputWithoutItsInstructions() throws {
        let request = try ResponsesTestSupport.request(#"{"model":"m","instructions":"new rules","previous_response_id":"resp_1","input":[{"type":"function_call_output","call_id":"call_1","output":"42"}]}"#)
        let history: [JSONValue] = [
            .object(["type": "message", "role": "user", "content": .array([.object(["type": "input_text", "text": "compute"])])]),
            .object(["id": "rs_1", "type": "reasoning", "summary": .array([.object(["type": "summary_text", "text": "a"]), .object(["type": "summary_text", "text": "b"])]), "encrypted_content": "enc"]),
            .object(["id": "fc_1", "type": "function_call", "status": "completed", "call_id": "call_1", "name": "calc", "arguments": "{}"]),
        ]
        let canonical = OpenAIResponsesDecoder.decode(request, history: history)
        #expect(canonical.messages == [
            Message(role: .system, content: [.text("new rules")]),
            Message(role: .user, content: [.text("compute")]),
            Message(role: .assistant, content: [
                .reasoning(Reasoning(text: "a\n\nb", encryptedContent: "enc", providerFamily: "openai", id: "rs_1")),
                .toolCall(ToolCall(id: "call_1", name: "calc", arguments: "{}")),
            ]),
            Message(role: .tool, content: [.toolResult(ToolResult(toolCallID: "call_1", content: [.text("42")]))]),
        ])
        #expect(canonical.extra["previous_response_id"] == nil)
    }

    @Test func partsToolsFormatsAndExtras() throws {
        let body = #"""
        {"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"look"},{"type":"input_image","image_url":"https://x/y.png","detail":"low"},{"type":"input_image","file_id":"file_1"},{"type":"input_file","file_id":"file_2"}]},{"type":"item_reference","id":"msg_9"},{"type":"web_search_call","id":"ws_1","status":"completed"},{"role":"assistant","content":[{"type":"refusal","refusal":"no"}]}],
         "tools":[{"type":"function","name":"f","description":"d","parameters":{"type":"object"},"strict":true},{"type":"web_search"}],
         "tool_choice":{"type":"function","name":"f"},"text":{"format":{"type":"json_schema","name":"out","schema":{"type":"object"},"strict":true}},
         "reasoning":{"effort":"high","summary":"detailed"},"temperature":0.2,"top_p":0.9,"max_output_tokens":100,"safety_identifier":"u1","metadata":{"k":"v"},"truncation":"auto","service_tier":"flex","store":false}
        """#
        let canonical = OpenAIResponsesDecoder.decode(try ResponsesTestSupport.request(body), history: [])
        #expect(canonical.messages.count == 2)
        #expect(canonical.messages[0].content == [
            .text("look"), .image(ImageSource(url: "https://x/y.png", detail: "low")),
            .unknown(.object(["type": "input_image", "file_id": "file_1"])),
            .unknown(.object(["type": "input_file", "file_id": "file_2"])),
            .unknown(.object(["type": "item_reference", "id": "msg_9"])),
        ])
        #expect(canonical.messages[1] == Message(role: .assistant, content: [
            .unknown(.object(["type": "web_search_call", "id": "ws_1", "status": "completed"])), .refusal("no"),
        ]))
        #expect(canonical.tools == [ToolDefinition(name: "f", description: "d", parameters: .object(["type": "object"]), strict: true)])
        #expect(canonical.extra["tools"] == .array([.object(["type": "web_search"])]))
        #expect(canonical.toolChoice == .function("f"))
        #expect(canonical.responseFormat == .jsonSchema(name: "out", schema: .object(["type": "object"]), strict: true))
        #expect(canonical.reasoningEffort == "high")
        #expect(canonical.reasoningSummary == "detailed")
        #expect(canonical.temperature == 0.2)
        #expect(canonical.topP == 0.9)
        #expect(canonical.maxOutputTokens == 100)
        #expect(canonical.user == "u1")
        #expect(canonical.metadata == ["k": "v"])
        #expect(canonical.extra["truncation"] == "auto")
        #expect(canonical.extra["service_tier"] == "flex")
        #expect(canonical.extra["store"] == nil)
        #expect(canonical.stream == false)
    }
}
