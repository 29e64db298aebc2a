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

        /// Counts a request in, or throws the 503 when `limit` are in flight already.
        func enter(limit: Int) throws(GatewayError) {
            guard value.wrappingAdd(1, ordering: .relaxed).newValue <= limit else {
                leave()
                throw GatewayError(
                    .unavailable, "The gateway is at capacity (\(limit) requests in flight); retry shortly.", retryAfter: 1)
            }
        }

        func leave() {
            value.wrappingSubtract(1, ordering: .relaxed)
        }
    }

    let limit: Int
    let counter: Counter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try counter.enter(limit: limit)
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            counter.leave()
            throw error
        }
        var limited = response
        let body = response.body
        let counter = counter
        limited.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { counter.leave() }
            try await body.write(writer)
        }
        return limited
    }
}
