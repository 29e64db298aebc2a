import Hummingbird
import NIOCore
import SwitchboardCore

extension TestUpstream {
    /// `POST /v1/responses`: replays OpenAI Responses captures.
    func responses(_ request: Request, context: TestUpstreamRequestContext) async throws -> Response {
        let received = try await receive(request)
        guard let json = received.json, let model = json["model"]?.stringValue else {
            return TestUpstreamScenario(model: "", wire: .responses, stream: false)
                .error(status: 400, message: "model: a model is required.", type: "invalid_request_error")
        }
        let lastItemType = json["input"]?.arrayValue?.last?["type"]?.stringValue
        let afterToolResult = lastItemType == "function_call_output" || lastItemType == "custom_tool_call_output"
        return try await TestUpstreamScenario(
            model: model, wire: .responses, stream: json["stream"]?.boolValue ?? false, afterToolResult: afterToolResult
        ).respond(upstream: self, channel: context.channel)
    }
}
