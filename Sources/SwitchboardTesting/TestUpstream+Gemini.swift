import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore

extension TestUpstream {
    /// `POST /v1beta/models/{model}:generateContent` and `:streamGenerateContent`: replays Gemini
    /// captures after checking the API key (`x-goog-api-key` or `?key=`) and `contents` as Gemini
    /// does. The model may itself contain `:` (`fixture:NAME`): the action follows the last colon.
    func gemini(_ request: Request, context: TestUpstreamRequestContext) async throws -> Response {
        let received = try await receive(request)
        let reject = TestUpstreamScenario(model: "", wire: .gemini, stream: false)
        let target = received.path.split(separator: "/").last.map { String($0).removingPercentEncoding ?? String($0) } ?? ""
        guard let colon = target.lastIndex(of: ":") else {
            return reject.error(status: 404, message: "Method not found: the path must end in :generateContent or :streamGenerateContent.")
        }
        let model = String(target[..<colon])
        let action = target[target.index(after: colon)...]
        guard ["generateContent", "streamGenerateContent", "embedContent", "batchEmbedContents"].contains(action) else {
            return reject.error(status: 404, message: "Method not found: \(action).")
        }
        let queryKey = request.uri.queryParameters.get("key")
        switch received.headers["x-goog-api-key"] ?? queryKey {
        case nil:
            return reject.error(
                status: 403,
                message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.")
        case let key? where key.isEmpty:
            return reject.error(status: 401, message: "API key not valid. Please pass a valid API key.")
        default:
            break
        }
        guard let json = received.json else {
            return reject.error(status: 400, message: "Invalid JSON payload received.")
        }
        if action == "embedContent" || action == "batchEmbedContents" {
            return geminiEmbeddings(model: model, action: String(action), json: json)
        }
        if let problem = TestUpstreamGeminiValidation.problem(in: json) {
            return reject.error(status: 400, message: problem)
        }
        if action == "generateContent", let image = geminiImageAnswer(model: model, json: json) {
            return image
        }
        let stream = action == "streamGenerateContent"
        let sse = request.uri.queryParameters.get("alt") == "sse"
        let lastParts = json["contents"]?.arrayValue?.last?["parts"]?.arrayValue ?? []
        return try await TestUpstreamScenario(
            model: model, wire: .gemini, stream: stream, framing: sse ? .sseCRLF : .jsonArray,
            afterToolResult: lastParts.contains { $0["functionResponse"] != nil }
        ).respond(upstream: self, channel: context.channel)
    }
}
