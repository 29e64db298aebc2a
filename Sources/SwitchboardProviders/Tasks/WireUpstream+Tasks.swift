public import NIOHTTP1
public import SwitchboardCore
import SwitchboardFormats

extension WireUpstream {
    /// Answers of task APIs (a job's state) are read up to this size.
    static let maximumTaskAnswerBytes = 4 * 1024 * 1024

    /// Sends a JSON request to a task API under the base URL and reads its JSON answer. An error
    /// status becomes the upstream's own error (its message kept); an answer that is not JSON is 502.
    public func taskExchange(_ method: HTTPMethod, path: String, body: JSONValue? = nil) async throws(GatewayError) -> JSONValue {
        let response = try await transport.send(
            method: method, url: baseURL + path, headers: headers(stream: false), body: body.map(JSON.serialize))
        try await response.requireSuccess { status, body in OpenAIErrorEnvelope.decode(body, status: status) }
        let bytes = try await response.collect(limit: Self.maximumTaskAnswerBytes)
        guard let answer = try? JSON.parse(bytes) else {
            throw GatewayError(.upstreamUnavailable, "The upstream's answer to \(method) \(path) is not JSON.")
        }
        return answer
    }
}
