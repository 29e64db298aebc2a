import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore
import Foundation

/// Outermost middleware: stamps every response with `x-request-id` and renders every error,
/// including the router's own (unknown path, body too large), in the envelope of the endpoint's API. Nothing else
/// ever reaches the client: no HTML, no stack trace.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = SwitchboardRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = context.requestID
            addRateLimitHeaders(to: &response, request: request, context: context)
            return response
        } catch {
            let gatewayError = GatewayError.from(error, request: request)
            if gatewayError.status >= 500, !(error is GatewayError) {
                context.logger.error("Unhandled error", metadata: ["request_id": "\(context.requestID)", "error": "\(error)"])
            }
            var response = ErrorEnvelope(path: request.uri.path).response(for: gatewayError)
            response.headers[.requestID] = context.requestID
            if gatewayError.status == 405 {
                response.headers[.allow] = AllowedMethods.methods(for: request.uri.path).joined(separator: ", ")
            }
            addRateLimitHeaders(to: &response, request: request, context: context)
            return response
        }
    }

    /// The key's rate-limit state, in the headers of the endpoint's API (OpenAI's `x-ratelimit-*`,
    /// Anthropic's `anthropic-ratelimit-*`).
    private func addRateLimitHeaders(to response: inout Response, request: Request, context: Context) {
        guard let snapshot = context.rateLimitHeaders.value else { return }
        let headers = ErrorEnvelope(path: request.uri.path) == .anthropic
            ? RateLimitHeaders.anthropic(snapshot, now: Date()) : RateLimitHeaders.openAI(snapshot)
        for header in headers {
            if let name = HTTPField.Name(header.name) { response.headers[name] = header.value }
        }
    }
}
