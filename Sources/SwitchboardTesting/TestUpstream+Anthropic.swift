import Hummingbird
import NIOCore
import SwitchboardCore

extension TestUpstream {
    /// `POST /v1/messages`: replays Anthropic captures after checking the headers and the body as
    /// Anthropic does (401 without `x-api-key`, 400 without `anthropic-version` or with a body the
    /// API would refuse).
    func anthropicMessages(_ request: Request, context: TestUpstreamRequestContext) async throws -> Response {
        let received = try await receive(request)
        let reject = TestUpstreamScenario(model: "", wire: .anthropic, stream: false)
        guard let key = received.headers["x-api-key"], !key.isEmpty else {
            return reject.error(status: 401, message: "x-api-key header is required")
        }
        guard received.headers["anthropic-version"] != nil else {
            return reject.error(status: 400, message: "anthropic-version: header is required")
        }
        guard let json = received.json else {
            return reject.error(status: 400, message: "The request body is not valid JSON.")
        }
        if let problem = TestUpstreamAnthropicValidation.problem(in: json) {
            return reject.error(status: 400, message: problem)
        }
        let last = json["messages"]?.arrayValue?.last
        let afterToolResult = last?["role"] == "user"
            && (last?["content"]?.arrayValue ?? []).contains { $0["type"] == "tool_result" }
        return try await TestUpstreamScenario(
            model: json["model"]?.stringValue ?? "", wire: .anthropic, stream: json["stream"]?.boolValue ?? false,
            afterToolResult: afterToolResult
        ).respond(upstream: self, channel: context.channel)
    }
}
