import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// One attempt at a non-streamed media request on one route: what it answers, and the request's
/// usage record written from it (success with the units it used, or the failure, which the
/// failover loop may still retry elsewhere).
enum MediaAttempt {
    /// Upstream answers are read up to this size (ten large base64 images fit).
    static let maximumAnswerBytes = 128 * 1024 * 1024

    static func run(
        accounting: RequestAccounting, _ work: () async throws -> (response: Response, usage: Usage)
    ) async throws -> Response {
        do {
            let answer = try await work()
            accounting.succeed(usage: answer.usage)
            return answer.response
        } catch {
            accounting.fail(error, beforeResponse: true)
            throw error
        }
    }

    /// Posts to an OpenAI upstream and reads its answer whole: an error status becomes the client's
    /// error with the upstream's message; a success keeps its bytes and Content-Type.
    static func exchange(
        _ upstream: WireUpstream, path: String, body: [UInt8], contentType: String
    ) async throws(GatewayError) -> (body: [UInt8], contentType: String) {
        let response = try await upstream.postMedia(path: path, body: body, contentType: contentType)
        try await response.requireSuccess(decodeError: { status, body in OpenAIErrorEnvelope.decode(body, status: status) })
        let bytes = try await response.collect(limit: maximumAnswerBytes)
        return (bytes, response.headers.first(name: "content-type") ?? "application/json")
    }

    /// A 200 answer with these bytes and this Content-Type.
    static func response(_ body: [UInt8], contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Upload limits of the multipart endpoints, as OpenAI sets them.
enum MediaUploadLimits {
    /// `/v1/images/edits`: every image and the mask together.
    static let images = 50 * 1024 * 1024
    /// `/v1/audio/transcriptions` and `/translations`.
    static let audio = 25 * 1024 * 1024
}
