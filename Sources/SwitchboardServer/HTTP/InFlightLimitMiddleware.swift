import Hummingbird
import Synchronization
import SwitchboardCore

/// Answers at once with 503 when more requests are in flight than the gateway is configured to
/// carry (`server.max_in_flight`), instead of queueing them until they time out. A streamed answer
/// counts until its last byte is written.
struct InFlightLimitMiddleware: RouterMiddleware {
    typealias Context = SwitchboardRequestContext

    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    let limit: Int
    let counter: Counter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let current = counter.value.wrappingAdd(1, ordering: .relaxed).newValue
        guard current <= limit else {
            counter.value.wrappingSubtract(1, ordering: .relaxed)
            throw GatewayError(
                .unavailable, "The gateway is at capacity (\(limit) requests in flight); retry shortly.", retryAfter: 1)
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            counter.value.wrappingSubtract(1, ordering: .relaxed)
            throw error
        }
        var limited = response
        let body = response.body
        let counter = counter
        limited.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { counter.value.wrappingSubtract(1, ordering: .relaxed) }
            try await body.write(writer)
        }
        return limited
    }
}
