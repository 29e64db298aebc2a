import Testing
import SwitchboardCore
import SwitchboardProviders

@Suite("Mock provider")
struct MockProviderTests {
    static let weather = ToolDefinition(
        name: "get_weather",
        parameters: .object([
            "type": "object",
            "properties": .object([
                "city": .object(["type": "string"]), "days": .object(["type": "integer"]),
                "unit": .object(["type": "string", "enum": .array(["celsius", "fahrenheit"])]),
                "note": .object(["type": "string"]),
            ]),
            "required": .array(["city", "days", "unit"]),
        ]))

    @Test func answersDeterministically() async throws {
        let request = GenerationRequest(model: "mock-1", messages: [Message(role: .user, content: [.text("hello")])])
        let first = try await MockProvider().generate(request)
        let second = try await MockProvider().generate(request)
        #expect(first.content == [.text("Hello from the Switchboard mock model. You said: hello")])
        #expect(first.content == second.content)
        #expect(first.usage == second.usage)
        #expect(first.usage.completionTokens == 9)
        #expect(first.finishReason == .stop)
    }

    @Test func callsANamedToolWithSchemaArguments() async throws {
        let request = GenerationRequest(
            model: "mock-1", messages: [Message(role: .user, content: [.text("use get_weather for Paris")])], tools: [Self.weather])
        let response = try await MockProvider().generate(request)
        guard case .toolCall(let call)? = response.content.first else {
            Issue.record("no tool call")
            return
        }
        #expect(call.name == "get_weather")
        #expect(try JSON.parse(call.arguments) == .object(["city": "mock", "days": .int(1), "unit": "celsius"]))
        #expect(response.finishReason == .toolCalls)
    }

    @Test func doesNotCallToolsThatAreNotNamedOrAreForbidden() async throws {
        let unnamed = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("hi")])], tools: [Self.weather])
        #expect(try await MockProvider().generate(unnamed).finishReason == .stop)
        var forbidden = unnamed
        forbidden.messages = [Message(role: .user, content: [.text("get_weather")])]
        forbidden.toolChoice = ToolChoice.none
        #expect(try await MockProvider().generate(forbidden).finishReason == .stop)
        var required = unnamed
        required.toolChoice = .required
        #expect(try await MockProvider().generate(required).finishReason == .toolCalls)
    }

    @Test func answersAfterAToolResult() async throws {
        let request = GenerationRequest(model: "m", messages: [
            Message(role: .user, content: [.text("get_weather")]),
            Message(role: .assistant, content: [.toolCall(ToolCall(id: "c9", name: "get_weather", arguments: "{}"))]),
            Message(role: .tool, content: [.toolResult(ToolResult(toolCallID: "c9", content: [.text("sunny")]))]),
        ], tools: [Self.weather])
        let response = try await MockProvider().generate(request)
        #expect(response.content == [.text("The tool get_weather returned: sunny")])
    }

    @Test func honoursMaxTokensAndJSONMode() async throws {
        var request = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("hi")])], maxOutputTokens: 3)
        let cut = try await MockProvider().generate(request)
        #expect(cut.content == [.text("Hello from the")])
        #expect(cut.finishReason == .length)
        request.maxOutputTokens = nil
        request.responseFormat = .jsonObject
        let json = try await MockProvider().generate(request)
        #expect(try JSON.parse(json.content.first?.text ?? "") == .object(["answer": "mock", "echo": "hi"]))
    }

    @Test func streamsSeveralChunksThenFinishAndUsage() async throws {
        let request = GenerationRequest(model: "m", messages: [Message(role: .user, content: [.text("hello")])])
        var events: [StreamEvent] = []
        for try await event in MockProvider().stream(request) { events.append(event) }
        let deltas = events.compactMap { event -> String? in
            if case .textDelta(let text) = event { return text }
            return nil
        }
        #expect(deltas.count == 9)
        #expect(deltas.joined() == "Hello from the Switchboard mock model. You said: hello")
        #expect(events.suffix(2) == [.finish(.stop), .usage(try await MockProvider().generate(request).usage)])
    }
}
