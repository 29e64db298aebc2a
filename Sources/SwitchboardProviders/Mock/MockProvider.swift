public import SwitchboardCore
import SwitchboardFormats
import Foundation

/// The built-in offline model: deterministic, free, and able to exercise every relay path.
///
/// Behaviour (documented in README):
/// - answers `Hello from the Switchboard mock model. You said: <last user text>`;
/// - when `tools` are offered and the last user message names one of them (or `tool_choice`
///   forces one), calls it with arguments built from the tool's JSON Schema;
/// - after a tool result, answers `The tool <name> returned: <result>`;
/// - with `response_format` json_object/json_schema, answers a JSON object;
/// - honours `max_tokens`/`max_completion_tokens` (cut off with finish reason `length`);
/// - streams one word a chunk and reports usage (estimated at four bytes a token).
public struct MockProvider: GenerationProvider {
    public init() {}

    public func generate(_ request: GenerationRequest) async throws(GatewayError) -> GenerationResponse {
        MockScript(request: request).response()
    }

    public func stream(_ request: GenerationRequest) -> GenerationEvents {
        GenerationEvents(events: MockScript(request: request).streamEvents())
    }
}

/// What the mock answers for one request, computed once and written as a response or a stream.
struct MockScript {
    let request: GenerationRequest
    let id = RandomIdentifier.make("chatcmpl-mock-")
    let created = Int(Date().timeIntervalSince1970)
    /// What the mock answers, decided once.
    let output: Output

    init(request: GenerationRequest) {
        self.request = request
        self.output = Self.decide(request, id: id)
    }

    enum Output {
        case text(words: [String], finish: FinishReason)
        case toolCall(ToolCall)
    }

    private static func decide(_ request: GenerationRequest, id: String) -> Output {
        let planner = MockAnswer(request: request, id: id)
        if let call = planner.toolCall() { return .toolCall(call) }
        let words = planner.answerText().split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if let limit = request.maxOutputTokens, limit < words.count {
            return .text(words: Array(words.prefix(limit)), finish: .length)
        }
        return .text(words: words, finish: .stop)
    }

    var usage: Usage {
        let completion: Int
        switch output {
        case .text(let words, _): completion = words.count
        case .toolCall(let call): completion = TokenEstimator.estimate(call.name) + TokenEstimator.estimate(call.arguments)
        }
        return Usage(promptTokens: TokenEstimator.estimate(request), completionTokens: completion)
    }

    func response() -> GenerationResponse {
        switch output {
        case .text(let words, let finish):
            return GenerationResponse(
                id: id, model: request.model, created: created, content: [.text(words.joined(separator: " "))],
                finishReason: finish, usage: usage)
        case .toolCall(let call):
            return GenerationResponse(
                id: id, model: request.model, created: created, content: [.toolCall(call)],
                finishReason: .toolCalls, usage: usage)
        }
    }

    func streamEvents() -> [StreamEvent] {
        var events: [StreamEvent] = [.start(id: id, model: request.model, created: created)]
        switch output {
        case .text(let words, let finish):
            for (index, word) in words.enumerated() {
                events.append(.textDelta(index == 0 ? word : " " + word))
            }
            events.append(.finish(finish))
        case .toolCall(let call):
            events.append(.toolCallStart(index: 0, id: call.id, name: call.name))
            for piece in Self.pieces(of: call.arguments, count: 3) {
                events.append(.toolCallArgumentsDelta(index: 0, delta: piece))
            }
            events.append(.finish(.toolCalls))
        }
        events.append(.usage(usage))
        return events
    }

    static func pieces(of text: String, count: Int) -> [String] {
        let characters = Array(text)
        let size = max(1, (characters.count + count - 1) / count)
        return stride(from: 0, to: characters.count, by: size).map {
            String(characters[$0..<min($0 + size, characters.count)])
        }
    }
}

/// Works out the mock's answer text or tool call for a request.
struct MockAnswer {
    let request: GenerationRequest
    let id: String

    func answerText() -> String {
        if let last = request.messages.last, last.role == .tool {
            return toolResultAnswer(last)
        }
        let said = request.lastUserMessage?.text ?? ""
        switch request.responseFormat {
        case .jsonObject?:
            return JSON.string(.object(["answer": "mock", "echo": .string(String(said.prefix(200)))]))
        case .jsonSchema(_, let schema, _)?:
            return JSON.string(MockArguments.instance(of: schema ?? .object([:])))
        default:
            break
        }
        let images = request.lastUserMessage?.content.filter {
            if case .image = $0 { return true }
            return false
        }.count ?? 0
        let imageNote = images > 0 ? " I see \(images) image\(images == 1 ? "" : "s")." : ""
        return "Hello from the Switchboard mock model.\(imageNote) You said: \(said.prefix(200))"
    }

    private func toolResultAnswer(_ message: Message) -> String {
        guard case .toolResult(let result)? = message.content.first else { return "The tool returned nothing." }
        let name = request.messages.lazy.flatMap(\.content).compactMap { block -> String? in
            if case .toolCall(let call) = block, call.id == result.toolCallID { return call.name }
            return nil
        }.first ?? "tool"
        let text = result.content.compactMap(\.text).joined()
        return "The tool \(name) returned: \(text.prefix(200))"
    }

    func toolCall() -> ToolCall? {
        guard !request.tools.isEmpty, request.toolChoice != ToolChoice.none,
            request.messages.last?.role != .tool
        else { return nil }
        let said = request.lastUserMessage?.text ?? ""
        let chosen: ToolDefinition?
        switch request.toolChoice {
        case .function(let name)?: chosen = request.tools.first { $0.name == name }
        case .required?: chosen = request.tools.first { said.contains($0.name) } ?? request.tools.first
        default: chosen = request.tools.first { said.contains($0.name) }
        }
        guard let tool = chosen else { return nil }
        let arguments = JSON.string(MockArguments.instance(of: tool.parameters ?? .object([:])))
        return ToolCall(id: "call_mock_" + String(id.suffix(12)), name: tool.name, arguments: arguments)
    }
}
