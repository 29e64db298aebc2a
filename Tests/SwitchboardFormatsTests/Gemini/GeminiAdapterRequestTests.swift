import Testing
import SwitchboardCore
import SwitchboardFormats

@Suite("Gemini adapter: canonical requests to generateContent bodies")
struct GeminiAdapterRequestTests {
    let adapter = GeminiAdapter()

    private func encode(_ request: GenerationRequest) throws(GatewayError) -> String {
        String(decoding: try adapter.encodeRequest(request, model: "gemini-2.5-flash", stream: false), as: UTF8.self)
    }

    @Test func openAIConversationBecomesTheExactGeminiBody() throws {
        let chat = #"""
        {"model":"gpt-5","messages":[
          {"role":"system","content":"Be brief."},
          {"role":"user","content":[{"type":"text","text":"What is in this image?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
          {"role":"assistant","content":null,"tool_calls":[
            {"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
            {"id":"call_def","type":"function","function":{"name":"get_time","arguments":""}}]},
          {"role":"tool","tool_call_id":"call_abc","content":"{\"temp\":21}"},
          {"role":"tool","tool_call_id":"call_def","content":"12:00"},
          {"role":"user","content":"And the photo at https://x.test/cat.png?"}],
         "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather of a city","strict":true,
           "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}}}],
         "tool_choice":"required","max_completion_tokens":256,"temperature":0.2,"stop":["END"],"reasoning_effort":"low",
         "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"}}}}
        """#
        var request = OpenAIChatDecoder.decode(try OpenAIChatInboundRequest(body: Array(chat.utf8)))
        request.messages[5].content.append(.image(ImageSource(url: "https://x.test/cat.png?size=2")))
        let body = try encode(request)
        let expected = #"{"contents":["#
            + #"{"role":"user","parts":[{"text":"What is in this image?"},{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}}]},"#
            + #"{"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"},"id":"call_abc"}},{"functionCall":{"name":"get_time","args":{},"id":"call_def"}}]},"#
            + #"{"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"temp":21},"id":"call_abc"}},{"functionResponse":{"name":"get_time","response":{"result":"12:00"},"id":"call_def"}},"#
            + #"{"text":"And the photo at https://x.test/cat.png?"},{"fileData":{"mimeType":"image/png","fileUri":"https://x.test/cat.png?size=2"}}]}],"#
            + #""systemInstruction":{"parts":[{"text":"Be brief."}]},"#
            + #""tools":[{"functionDeclarations":[{"name":"get_weather","description":"Weather of a city","parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}}]}],"#
            + #""toolConfig":{"functionCallingConfig":{"mode":"ANY"}},"#
            + #""generationConfig":{"maxOutputTokens":256,"temperature":0.2,"stopSequences":["END"],"responseMimeType":"application/json","responseJsonSchema":{"type":"object"},"thinkingConfig":{"thinkingBudget":1024}}}"#
        #expect(body == expected)
        #expect(adapter.path(model: "gemini-2.5-flash", stream: true).hasSuffix(":streamGenerateContent?alt=sse"))
    }

    @Test func foreignReasoningIsDroppedAndGeminiReasoningKeepsItsSignatures() throws {
        let request = GenerationRequest(model: "m", messages: [
            Message(role: .user, content: [.text("hi")]),
            Message(role: .assistant, content: [
                .reasoning(Reasoning(text: "claude thinking", signature: "anthropic-sig", providerFamily: "anthropic")),
                .reasoning(Reasoning(text: "", encryptedContent: "opaque", providerFamily: "openai")),
                .reasoning(Reasoning(text: "gemini thought", signature: "g1", providerFamily: "gemini")),
                .text("answer"),
                .reasoning(Reasoning(text: "", signature: "g2", providerFamily: "gemini")),
                .text("more"),
                .toolCall(ToolCall(id: "c1", name: "f", arguments: #"{"a":1}"#, signature: "g3")),
                .reasoning(Reasoning(text: "", signature: "g4", providerFamily: "gemini")),
            ]),
        ])
        let body = try encode(request)
        #expect(body == #"{"contents":[{"role":"user","parts":[{"text":"hi"}]},{"role":"model","parts":["#
            + #"{"text":"gemini thought","thought":true,"thoughtSignature":"g1"},{"text":"answer"},{"text":"more","thoughtSignature":"g2"},"#
            + #"{"functionCall":{"name":"f","args":{"a":1},"id":"c1"},"thoughtSignature":"g3"},{"text":"","thoughtSignature":"g4"}]}]}"#)
        #expect(!body.contains("claude thinking"))
        #expect(!body.contains("anthropic-sig"))
        #expect(!body.contains("opaque"))
    }

    @Test func geminiRequestRoundTripsThroughTheCanonicalModel() throws {
        let original = #"{"contents":[{"role":"user","parts":[{"text":"hi"}]},{"role":"model","parts":[{"text":"Thinking","thought":true,"thoughtSignature":"s1"},{"text":"Hello","thoughtSignature":"s2"},{"functionCall":{"name":"f","args":{"x":1}},"thoughtSignature":"s3"}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{"ok":true}}}]}],"tools":[{"functionDeclarations":[{"name":"f","parametersJsonSchema":{"type":"object"}}]},{"googleSearch":{}}],"toolConfig":{"functionCallingConfig":{"mode":"AUTO"}},"generationConfig":{"temperature":1,"responseModalities":["TEXT"],"thinkingConfig":{"thinkingLevel":"low","includeThoughts":true}},"safetySettings":[]}"#
        let request = try GeminiRequestDecoder.decode(body: Array(original.utf8), model: "gemini-3-pro-preview", stream: false)
        let body = try encode(request)
        #expect(body == #"{"contents":[{"role":"user","parts":[{"text":"hi"}]},{"role":"model","parts":[{"text":"Thinking","thought":true,"thoughtSignature":"s1"},{"text":"Hello","thoughtSignature":"s2"},{"functionCall":{"name":"f","args":{"x":1},"id":"call_0"},"thoughtSignature":"s3"}]},"#
            + #"{"role":"user","parts":[{"functionResponse":{"name":"f","response":{"ok":true},"id":"call_0"}}]}],"#
            + #""tools":[{"functionDeclarations":[{"name":"f","parametersJsonSchema":{"type":"object"}}]},{"googleSearch":{}}],"#
            + #""toolConfig":{"functionCallingConfig":{"mode":"AUTO"}},"#
            + #""generationConfig":{"temperature":1,"thinkingConfig":{"thinkingLevel":"low","includeThoughts":true},"responseModalities":["TEXT"]},"safetySettings":[]}"#)
    }

    @Test func thinkingBudgetsAndToolChoices() throws {
        var request = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("hi")])])
        request.reasoningEffort = "high"
        request.reasoningSummary = "auto"
        request.toolChoice = .function("lookup")
        request.topK = 3
        request.seed = 9
        #expect(try encode(request).hasSuffix(#""toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["lookup"]}},"generationConfig":{"topK":3,"seed":9,"thinkingConfig":{"thinkingBudget":24576,"includeThoughts":true}}}"#))
        request.thinkingBudgetTokens = 0
        request.toolChoice = ToolChoice.none
        #expect(try encode(request).hasSuffix(#""toolConfig":{"functionCallingConfig":{"mode":"NONE"}},"generationConfig":{"topK":3,"seed":9,"thinkingConfig":{"thinkingBudget":0}}}"#))
        request.thinkingBudgetTokens = nil
        request.reasoningSummary = nil
        request.reasoningEffort = "medium"
        request.responseFormat = .jsonObject
        #expect(try encode(request).hasSuffix(#""generationConfig":{"topK":3,"seed":9,"responseMimeType":"application/json","thinkingConfig":{"thinkingBudget":8192}}}"#))
    }

    @Test func requestsTheTranslationCannotHonourAreRejectedNamingTheField() throws {
        var several = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("hi")])])
        several.extra["n"] = .int(2)
        #expect(throws: GatewayError.self) { try encode(several) }
        do { _ = try encode(several) } catch { #expect(error.param == "n" && error.status == 400) }

        var logprobs = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("hi")])])
        logprobs.extra["logprobs"] = .bool(true)
        do { _ = try encode(logprobs); Issue.record("accepted logprobs") } catch { #expect(error.param == "logprobs") }

        let badArguments = GenerationRequest(model: "m", messages: [
            Message(role: .user, content: [.text("hi")]),
            Message(role: .assistant, content: [.toolCall(ToolCall(id: "c", name: "f", arguments: "{not json"))]),
        ])
        do { _ = try encode(badArguments); Issue.record("accepted bad arguments") } catch {
            #expect(error.param == "messages[1]")
            #expect(error.status == 400)
        }

        var foreignExtra = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("hi")])])
        foreignExtra.extra["frequency_penalty"] = .int(1)
        #expect(try encode(foreignExtra) == #"{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}"#, "extra of another format stays out")
    }
}
