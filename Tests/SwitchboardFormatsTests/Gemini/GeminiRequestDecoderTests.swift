import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Gemini client requests to the canonical model")
struct GeminiRequestDecoderTests {
    private func decode(_ text: String, stream: Bool = false) throws(GatewayError) -> GenerationRequest {
        try GeminiRequestDecoder.decode(body: Array(text.utf8), model: "gemini-2.5-flash", stream: stream)
    }

    @Test func geminiCLIRequestDecodes() throws {
        let envelope = try JSON.parse(try Fixtures.data("clients/gemini-cli/code-assist-stream-generate-content-first-turn.request.json"))
        let inner = try #require(envelope["request"])
        let request = try GeminiRequestDecoder.decode(body: JSON.serialize(inner), model: "gemini-2.5-pro", stream: true)
        #expect(request.model == "gemini-2.5-pro")
        #expect(request.stream)
        #expect(request.streamIncludeUsage)
        #expect(request.extraFormat == .gemini)
        #expect(request.messages.map(\.role) == [.system, .user, .assistant, .user])
        let system = try #require(inner["systemInstruction"]?["parts"]?.arrayValue?.first?["text"]?.stringValue)
        #expect(request.messages[0].content == [.text(system)])
        #expect(request.messages[1].text.hasPrefix("This is the Gemini CLI. We are setting up the context for our chat."))
        #expect(request.messages[2].content == [.text("Got it. Thanks for the context!")])
        #expect(request.messages[3].content == [.text("hi")])
        #expect(request.tools.map(\.name) == [
            "list_directory", "read_file", "search_file_content", "glob", "replace", "write_file", "web_fetch",
            "read_many_files", "run_shell_command", "save_memory", "google_web_search",
        ])
        let declaration = try #require(inner["tools"]?.arrayValue?.first?["functionDeclarations"]?.arrayValue?.first)
        #expect(request.tools[0].parameters == declaration["parametersJsonSchema"])
        #expect(request.tools[0].description == declaration["description"]?.stringValue)
        #expect(request.temperature == 0)
        #expect(request.topP == 1)
        #expect(request.thinkingBudgetTokens == nil, "thinkingBudget -1 is dynamic thinking, the default")
        #expect(request.reasoningSummary == "auto")
        #expect(request.extra["session_id"] == inner["session_id"])
        #expect(request.extra.keys == ["session_id"])

        let wrapped = try GeminiRequestDecoder.decode(body: JSON.serialize(envelope), model: "gemini-2.5-pro", stream: true)
        #expect(wrapped == request, "the Code Assist envelope is read through its request member")
    }

    @Test func everyPartKindAndParameterMaps() throws {
        let request = try decode(#"""
        {"systemInstruction":{"parts":[{"text":"Be brief."},{"text":"Use metric."}]},
         "contents":[
          {"role":"user","parts":[{"text":"Look"},{"inlineData":{"mimeType":"image/png","data":"iVBO"}},{"inlineData":{"mimeType":"application/pdf","data":"JVBE"}},{"fileData":{"fileUri":"gs://b/cat.jpg","mimeType":"image/jpeg"}}]},
          {"role":"model","parts":[{"text":"Thinking...","thought":true,"thoughtSignature":"sigA"},{"text":"Calling.","thoughtSignature":"sigB"},{"functionCall":{"name":"weather","args":{"city":"Paris"}},"thoughtSignature":"sigC"},{"functionCall":{"name":"time","args":{},"id":"own-id"}},{"executableCode":{"language":"PYTHON","code":"print(1)"}}]},
          {"role":"user","parts":[{"functionResponse":{"name":"weather","response":{"temp":21}}},{"functionResponse":{"name":"time","id":"own-id","response":{"error":"no clock"}}},{"text":"And tomorrow?"}]}
         ],
         "tools":[{"functionDeclarations":[{"name":"weather","description":"Weather","parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"}},"required":["city"]}}]},{"googleSearch":{}}],
         "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["weather"]}},
         "generationConfig":{"temperature":0.5,"topP":0.9,"topK":40,"maxOutputTokens":100,"stopSequences":["END"],"seed":7,"candidateCount":2,"presencePenalty":0.1,
           "responseMimeType":"application/json","responseSchema":{"type":"OBJECT","properties":{"a":{"type":"INTEGER"}}},
           "thinkingConfig":{"thinkingBudget":2048,"includeThoughts":true,"thinkingLevel":"HIGH"}},
         "safetySettings":[{"category":"HARM_CATEGORY_HATE_SPEECH","threshold":"BLOCK_NONE"}],
         "cachedContent":"cachedContents/abc"}
        """#)
        #expect(request.messages.map(\.role) == [.system, .user, .assistant, .tool, .tool, .user])
        #expect(request.messages[0].content == [.text("Be brief."), .text("Use metric.")])
        #expect(request.messages[1].content == [
            .text("Look"),
            .image(ImageSource(mediaType: "image/png", base64Data: "iVBO")),
            .unknown(.object(["inlineData": .object(["mimeType": "application/pdf", "data": "JVBE"])])),
            .image(ImageSource(url: "gs://b/cat.jpg", mediaType: "image/jpeg")),
        ])
        #expect(request.messages[2].content == [
            .reasoning(Reasoning(text: "Thinking...", signature: "sigA", providerFamily: "gemini")),
            .reasoning(Reasoning(text: "", signature: "sigB", providerFamily: "gemini")),
            .text("Calling."),
            .toolCall(ToolCall(id: "call_0", name: "weather", arguments: #"{"city":"Paris"}"#, signature: "sigC")),
            .toolCall(ToolCall(id: "own-id", name: "time", arguments: "{}")),
            .unknown(.object(["executableCode": .object(["language": "PYTHON", "code": "print(1)"])])),
        ])
        #expect(request.messages[3].content == [.toolResult(ToolResult(toolCallID: "call_0", content: [.text(#"{"temp":21}"#)]))])
        #expect(request.messages[4].content == [
            .toolResult(ToolResult(toolCallID: "own-id", content: [.text(#"{"error":"no clock"}"#)], isError: true))
        ])
        #expect(request.messages[5].content == [.text("And tomorrow?")])
        #expect(request.tools == [ToolDefinition(
            name: "weather", description: "Weather",
            parameters: try JSON.parse(#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#))])
        #expect(request.toolChoice == .function("weather"))
        #expect(request.temperature == 0.5)
        #expect(request.topP == 0.9)
        #expect(request.topK == 40)
        #expect(request.maxOutputTokens == 100)
        #expect(request.stop == ["END"])
        #expect(request.seed == 7)
        #expect(request.responseFormat == .jsonSchema(
            name: "response", schema: try JSON.parse(#"{"type":"object","properties":{"a":{"type":"integer"}}}"#), strict: nil))
        #expect(request.thinkingBudgetTokens == 2048)
        #expect(request.reasoningSummary == "auto")
        #expect(request.reasoningEffort == "high")
        #expect(request.extra["tools"] == .array([.object(["googleSearch": .object([:])])]))
        #expect(request.extra["generationConfig"] == .object(["candidateCount": .int(2), "presencePenalty": .number("0.1")]))
        #expect(request.extra["cachedContent"] == "cachedContents/abc")
        #expect(request.extra["safetySettings"]?.arrayValue?.count == 1)
        #expect(request.extraFormat == .gemini)
    }

    @Test func toolChoiceModesAndJSONModes() throws {
        let contents = #""contents":[{"parts":[{"text":"hi"}]}]"#
        #expect(try decode("{\(contents),\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"AUTO\"}}}").toolChoice == .auto)
        #expect(try decode("{\(contents),\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"NONE\"}}}").toolChoice == ToolChoice.none)
        #expect(try decode("{\(contents),\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\"}}}").toolChoice == .required)
        #expect(try decode("{\(contents),\"generationConfig\":{\"responseMimeType\":\"application/json\"}}").responseFormat == .jsonObject)
        let withJSONSchema = try decode("{\(contents),\"generationConfig\":{\"responseMimeType\":\"application/json\",\"responseJsonSchema\":{\"type\":\"object\",\"additionalProperties\":false}}}")
        #expect(withJSONSchema.responseFormat == .jsonSchema(
            name: "response", schema: .object(["type": "object", "additionalProperties": .bool(false)]), strict: nil))
        let noRole = try decode("{\(contents)}")
        #expect(noRole.messages == [Message(role: .user, content: [.text("hi")])], "a content without role is the user's")
    }

    @Test func validationErrorsNameTheField() {
        let cases: [(String, String?)] = [
            (#"{"generationConfig":{}}"#, "contents"),
            (#"{"contents":{"parts":[]}}"#, "contents"),
            (#"{"contents":[]}"#, "contents"),
            (#"{"contents":[{"role":"user","parts":{"text":"hi"}}]}"#, "contents[0].parts"),
            (#"{"contents":[{"role":"user"}]}"#, "contents[0].parts"),
            (#"{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"assistant","parts":[{"text":"b"}]}]}"#, "contents[1].role"),
            (#"{"contents":[{"role":"user","parts":[{"text":"a"},{"foo":1}]}]}"#, "contents[0].parts[1]"),
            (#"{"contents":[{"role":"user","parts":[{"text":5}]}]}"#, "contents[0].parts[0].text"),
            (#"{"contents":[{"role":"model","parts":[{"functionCall":{"args":{}}}]}]}"#, "contents[0].parts[0].functionCall.name"),
            (#"{"contents":[{"role":"user","parts":[{"inlineData":{"data":"x"}}]}]}"#, "contents[0].parts[0].inlineData.mimeType"),
            (#"{"contents":[{"parts":[{"text":"a"}]}],"generationConfig":{"temperature":"hot"}}"#, "generationConfig.temperature"),
            (#"{"contents":[{"parts":[{"text":"a"}]}],"tools":{}}"#, "tools"),
            (#"{"contents":[{"parts":[{"text":"a"}]}],"systemInstruction":{"parts":"x"}}"#, "systemInstruction.parts"),
        ]
        for (body, param) in cases {
            do {
                _ = try decode(body)
                Issue.record("accepted \(body)")
            } catch {
                #expect(error.status == 400, "\(body)")
                #expect(error.param == param, "\(body)")
                if let param { #expect(error.message.contains(param), "\(error.message)") }
            }
        }
    }

    @Test func malformedJSONIsA400() {
        #expect(throws: GatewayError.self) { try decode(#"{"contents": [}"#) }
        do {
            _ = try decode(#"{"contents": [}"#)
        } catch {
            #expect(error.status == 400)
            #expect(error.message.hasPrefix("We could not parse the JSON body of your request"))
        }
    }
}
