import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

extension TestUpstream {
    /// Routes of the image and audio endpoints, in the wire formats of the providers that serve them:
    /// OpenAI's `POST /v1/images/generations`, `/v1/images/edits`, `/v1/audio/transcriptions`,
    /// `/v1/audio/translations` and `/v1/audio/speech`, each checking the Bearer key and the body
    /// (JSON or multipart) the way OpenAI does. `fault:` models misbehave as on the chat route.
    func addMediaRoutes(to router: Router<TestUpstreamRequestContext>) {
        router.post("v1/images/generations") { request, context in
            try await self.media(request, context: context) { received in try TestUpstreamMedia.imageGeneration(received) }
        }
        router.post("v1/images/edits") { request, context in
            try await self.media(request, context: context) { received in try TestUpstreamMedia.imageEdit(received) }
        }
        router.post("v1/audio/transcriptions") { request, context in
            try await self.media(request, context: context) { received in try TestUpstreamMedia.transcription(received, task: "transcribe") }
        }
        router.post("v1/audio/translations") { request, context in
            try await self.media(request, context: context) { received in try TestUpstreamMedia.transcription(received, task: "translate") }
        }
        router.post("v1/audio/speech") { request, context in
            try await self.media(request, context: context) { received in try TestUpstreamMedia.speech(received) }
        }
    }

    /// A Gemini image model's `generateContent` answer (inline image data), or nil for other models.
    func geminiImageAnswer(model: String, json: JSONValue) -> Response? {
        guard model.contains("-image") else { return nil }
        return TestUpstreamMedia.geminiImage(model: model, json: json)
    }

    /// Records the request, checks its key, then answers it: a `fault:` model's fault, or `answer`
    /// (which checks the body and throws ``TestUpstreamMedia/Rejection`` for what OpenAI rejects).
    private func media(
        _ request: Request, context: TestUpstreamRequestContext, answer: (RecordedRequest) throws -> TestUpstreamMedia.Answer
    ) async throws -> Response {
        let received = try await receive(request)
        let reject = TestUpstreamScenario(model: "", wire: .chat, stream: false)
        guard let authorization = received.headers["authorization"], authorization.hasPrefix("Bearer "),
              authorization.count > "Bearer ".count else {
            return reject.error(
                status: 401,
                message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.",
                type: "invalid_request_error")
        }
        let prepared: TestUpstreamMedia.Answer
        do {
            prepared = try answer(received)
        } catch let rejection as TestUpstreamMedia.Rejection {
            return reject.error(status: 400, message: rejection.message, type: "invalid_request_error")
        }
        let scenario = TestUpstreamScenario(model: prepared.model, wire: .chat, stream: false)
        if prepared.model.hasPrefix("fault:"), let fault = TestUpstreamFault(name: String(prepared.model.dropFirst("fault:".count))) {
            guard case .flaky(let failures, let status) = fault else {
                return try await scenario.respond(upstream: self, channel: context.channel)
            }
            let attempt = countRequest(model: prepared.model)
            if attempt <= failures {
                return scenario.error(status: status, message: "Injected upstream failure \(status) (attempt \(attempt) of \(failures) failing)")
            }
        } else {
            _ = countRequest(model: prepared.model)
        }
        return prepared.response()
    }
}
