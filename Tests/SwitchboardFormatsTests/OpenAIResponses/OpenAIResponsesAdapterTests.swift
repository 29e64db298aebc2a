import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Responses as an upstream: non-streamed answers and request bodies")
struct OpenAIResponsesAdapterTests {
    let adapter = OpenAIResponsesAdapter()

    @Test func textAnswer() throws {
        let response = try adapter.decodeResponse(try Fixtures.data("openai/responses-nonstream-text.json"))
        #expect(response.id == "resp_689a0b2545288193953c892439b42e2800b2e36c65a1fd4b")
        #expect(response.model == "gpt-4o-mini-2024-07-18")
        #expect(response.created == 1_754_925_861)
        #expect(response.content.count == 1)
        #expect(response.content.first?.text?.hasPrefix("I can't provide real-time updates") == true)
        #expect(response.finishReason == .stop)
        #expect(response.usage == Usage(promptTokens: 14, completionTokens: 50))
    }

    @Test func functionCallAnswer() throws {
        let response = try adapter.decodeResponse(try Fixtures.data("openai/responses-nonstream-function-call.json"))
        #expect(response.content == [.toolCall(ToolCall(id: "call_YfwRsW8sUxDKipwyhWTzOXCA", name: "get_capital", arguments: #"{"country":"PotatoLand"}"#))])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == Usage(promptTokens: 40, completionTokens: 18))
    }

    @Test func reasoningSummaryAnswer() throws {
        let body = try Fixtures.data("openai/responses-nonstream-reasoning-summary.json")
        let response = try adapter.decodeResponse(body)
        let raw = try JSON.parse(body)
        let item = raw["output"]?.arrayValue?.first
        guard case .reasoning(let reasoning)? = response.content.first else {
            Issue.record("no reasoning first: \(response.content)")
            return
        }
        #expect(reasoning.id == "rs_0f35ed53160b395301693cc95817ac8190b978637daea4987e")
        #expect(reasoning.providerFamily == "openai")
        #expect(reasoning.encryptedContent == item?["encrypted_content"]?.stringValue)
        #expect(reasoning.text.hasPrefix("**Reporting final result**\n\nThe tool returned 570"))
        #expect(response.content.dropFirst() == [.text("12 + 7 = 19\n19 × 3 = 57\n57 × 10 = 570\n\nFinal result: 570")])
        #expect(response.finishReason == .stop)
        #expect(response.usage == Usage(promptTokens: 865, completionTokens: 163, reasoningTokens: 128))
    }

    @Test func cachedTokensAnswer() throws {
        let response = try adapter.decodeResponse(try Fixtures.data("openai/responses-nonstream-cached-tokens.json"))
        #expect(response.content == [.text("OK")])
        #expect(response.model == "gpt-5.6-sol")
        #expect(response.usage == Usage(promptTokens: 4020, completionTokens: 5, cachedTokens: 4012))
    }

    @Test func incompleteAndUnknownItems() throws {
        let body = #"{"id":"r","object":"response","created_at":1,"model":"m","status":"incomplete","incomplete_details":{"reason":"content_filter"},"output":[{"type":"web_search_call","id":"ws","status":"completed"},{"type":"message","id":"m","role":"assistant","content":[{"type":"refusal","refusal":"no"}]}],"usage":null}"#
        let response = try adapter.decodeResponse(Array(body.utf8))
        #expect(response.finishReason == .contentFilter)
        #expect(response.content == [.unknown(.object(["type": "web_search_call", "id": "ws", "status": "completed"])), .refusal("no")])
        #expect(response.usage == Usage())
    }

    @Test func errorBodies() throws {
        let quota = adapter.decodeError(status: 429, body: try Fixtures.data("openai/responses-error-insufficient-quota.json"))
        #expect(quota.status == 429)
        #expect(quota.code == "insufficient_quota")
        #expect(quota.type == "insufficient_quota")
        let invalid = adapter.decodeError(status: 400, body: try Fixtures.data("openai/responses-error-400-invalid-request.json"))
        #expect(invalid.status == 400)
        #expect(invalid.param == "input")
        #expect(invalid.message.hasPrefix("Item 'rs_68c42de022c881948db7ed1cc2529f2e0202c9ad459e0d23' of type 'reasoning'"))
        #expect(adapter.path(model: "gpt-5-codex", stream: true) == "/responses")
    }

    @Test func encodesACanonicalConversation() throws {
        let request = GenerationRequest(
            model: "alias",
            messages: [
                Message(role: .system, content: [.text("be brief")]),
                Message(role: .user, content: [.text("look"), .image(ImageSource(mediaType: "image/jpeg", base64Data: "AAAA"))]),
                Message(role: .assistant, content: [
                    .reasoning(Reasoning(text: "hm", encryptedContent: "enc", providerFamily: "openai", id: "rs_1")),
                    .reasoning(Reasoning(text: "foreign", signature: "sig", providerFamily: "anthropic")),
                    .text("calling"), .toolCall(ToolCall(id: "call_1", name: "f", arguments: #"{"a":1}"#)),
                ]),
                Message(role: .tool, content: [.toolResult(ToolResult(toolCallID: "call_1", content: [.text("42")]))]),
                Message(role: .developer, content: [.text("late rule")]),
            ],
            tools: [ToolDefinition(name: "f", parameters: .object(["type": "object"]))],
            toolChoice: .function("f"), parallelToolCalls: false,
            responseFormat: .jsonSchema(name: "out", schema: .object(["type": "object"]), strict: true),
            maxOutputTokens: 50, temperature: 0.5, topP: 1, reasoningEffort: "low", reasoningSummary: "auto",
            user: "u", metadata: ["k": "v"], extra: ["n": .int(1), "logprobs": .bool(true)])
        let body = try JSON.parse(try adapter.encodeRequest(request, model: "gpt-5-codex", stream: true))
        #expect(body["model"] == "gpt-5-codex")
        #expect(body["instructions"] == "be brief")
        #expect(body["store"] == .bool(false))
        #expect(body["stream"] == .bool(true))
        #expect(body["include"] == .array(["reasoning.encrypted_content"]))
        #expect(body["input"] == .array([
            .object(["type": "message", "role": "user", "content": .array([
                .object(["type": "input_text", "text": "look"]),
                .object(["type": "input_image", "image_url": "data:image/jpeg;base64,AAAA", "detail": "auto"]),
            ])]),
            .object(["type": "reasoning", "id": "rs_1", "summary": .array([.object(["type": "summary_text", "text": "hm"])]), "encrypted_content": "enc"]),
            .object(["type": "message", "role": "assistant", "content": .array([.object(["type": "output_text", "text": "calling"])])]),
            .object(["type": "function_call", "call_id": "call_1", "name": "f", "arguments": #"{"a":1}"#]),
            .object(["type": "function_call_output", "call_id": "call_1", "output": "42"]),
            .object(["type": "message", "role": "developer", "content": .array([.object(["type": "input_text", "text": "late rule"])])]),
        ]), "foreign reasoning is dropped; a late developer message stays an item")
        #expect(body["tools"] == .array([.object(["type": "function", "name": "f", "parameters": .object(["type": "object"]), "strict": .bool(false)])]))
        #expect(body["tool_choice"] == .object(["type": "function", "name": "f"]))
        #expect(body["parallel_tool_calls"] == .bool(false))
        #expect(body["text"] == .object(["format": .object(["type": "json_schema", "name": "out", "schema": .object(["type": "object"]), "strict": .bool(true)])]))
        #expect(body["reasoning"] == .object(["effort": "low", "summary": "auto"]))
        #expect(body["max_output_tokens"] == .int(50))
        #expect(body["temperature"] == .number("0.5"))
        #expect(body["user"] == "u")
        #expect(body["metadata"] == .object(["k": "v"]))
        #expect(body["logprobs"] == nil, "extra from another format is not sent")
        #expect(body["n"] == nil)
    }

    @Test func responsesExtrasMergeIntoTheBody() throws {
        let client = try ResponsesTestSupport.request(#"{"model":"m","input":"hi","text":{"verbosity":"low","format":{"type":"json_object"}},"tools":[{"type":"function","name":"f"},{"type":"web_search"}],"prompt_cache_key":"k","store":true,"include":["message.output_text.logprobs"]}"#)
        let canonical = OpenAIResponsesDecoder.decode(client, history: [])
        let body = try JSON.parse(try adapter.encodeRequest(canonical, model: "gpt-5", stream: false))
        #expect(body["text"] == .object(["format": .object(["type": "json_object"]), "verbosity": "low"]))
        #expect(body["tools"]?.arrayValue?.map { $0["type"]?.stringValue ?? "" } == ["function", "web_search"])
        #expect(body["prompt_cache_key"] == "k")
        #expect(body["store"] == .bool(false), "the gateway keeps the state")
        #expect(body["include"] == .array(["message.output_text.logprobs"]))
        #expect(body["stream"] == nil)
    }

    @Test func codexRequestTranslatedToAResponsesUpstream() throws {
        let client = try OpenAIResponsesRequest.parse(body: try Fixtures.data("clients/codex/responses-first-turn-v0.34.0.request.json"))
        let original = client.object
        let body = try JSON.parse(try adapter.encodeRequest(OpenAIResponsesDecoder.decode(client, history: []), model: "gpt-5", stream: true))
        #expect(body["instructions"] == original["instructions"])
        #expect(body["input"] == .array(client.input))
        #expect(ResponsesTestSupport.sorted(body["tools"]) == ResponsesTestSupport.sorted(original["tools"]), "same tools, member order aside")
        #expect(body["tool_choice"] == "auto")
        #expect(body["parallel_tool_calls"] == .bool(false))
        #expect(body["reasoning"] == .object(["effort": "medium", "summary": "auto"]))
        #expect(body["include"] == .array(["reasoning.encrypted_content"]))
        #expect(body["prompt_cache_key"] == original["prompt_cache_key"])
        #expect(body["store"] == .bool(false))
        #expect(body["stream"] == .bool(true))
    }

    @Test func thinkingFromOtherFormatsBecomesEffortAndSummary() throws {
        let request = GenerationRequest(
            model: "m", messages: [Message(role: .user, content: [.text("x")])], thinkingBudgetTokens: 10_000,
            reasoningSummary: "true")
        let body = try JSON.parse(try adapter.encodeRequest(request, model: "m", stream: false))
        #expect(body["reasoning"] == .object(["effort": "medium", "summary": "auto"]))
        let off = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("x")])], thinkingBudgetTokens: 0)
        #expect(try JSON.parse(try adapter.encodeRequest(off, model: "m", stream: false))["reasoning"] == nil)
    }

    @Test func unsupportedParametersAre400s() {
        let several = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("x")])], extra: ["n": .int(2)])
        #expect(throws: GatewayError.invalidRequest("The Responses API generates one answer per request: 'n' must be 1.", param: "n")) {
            try adapter.encodeRequest(several, model: "m", stream: false)
        }
        let stop = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("x")])], stop: ["END"])
        do {
            _ = try adapter.encodeRequest(stop, model: "m", stream: false)
            Issue.record("stop accepted")
        } catch {
            #expect(error.param == "stop")
            #expect(error.status == 400)
        }
    }
}
