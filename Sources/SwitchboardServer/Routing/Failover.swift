import Hummingbird
import SwitchboardCore
import SwitchboardProviders

/// The routes one request will try, in order: the model's channels (cycled up to the retry
/// attempts), then each fallback model's.
struct FailoverPlan: Sendable {
    struct Step: Sendable {
        let route: ModelRouter.Route
        /// The model this step serves (the requested one, or a fallback).
        let model: String
        /// How many times this channel was tried before in the plan (0 = first try).
        let retry: Int
    }

    let steps: [Step]

    init(models: [(model: String, routes: [ModelRouter.Route])], attempts: Int) {
        var steps: [Step] = []
        steps.reserveCapacity(models.reduce(0) { $0 + ($1.routes.isEmpty ? 0 : max(attempts, $1.routes.count)) })
        for (model, routes) in models where !routes.isEmpty {
            let count = max(attempts, routes.count)
            for index in 0..<count {
                steps.append(Step(route: routes[index % routes.count], model: model, retry: index / routes.count))
            }
        }
        self.steps = steps
    }
}

extension Gateway {
    /// Serves a request on its plan: each step until one answers. A failure before any response
    /// went out that another try may fix (``GatewayError/isRetriable``) moves on — to the next
    /// channel at once, or to the same channel after a backoff that honours the upstream's
    /// `Retry-After`. A route whose channel has no endpoint for the request is skipped
    /// (``GatewayError/isChannelMismatch``). Nothing is retried once the client has received a byte. The request's record
    /// is written once, by the attempt that answered or by the last one; every attempt's outcome
    /// reaches the channel's health.
    func failover(
        _ plan: FailoverPlan, accounting: RequestAccounting,
        serve: (ModelRouter.Route, RequestAccounting) async throws -> Response
    ) async throws -> Response {
        var cursor = FailoverCursor(plan: plan, accounting: accounting)
        while true {
            switch cursor.next(gateway: self) {
            case .wait(let delay):
                try await Task.sleep(for: delay)
            case .attempt(let step, let attempt):
                do {
                    return try await serve(step.route, attempt)
                } catch is ClientWentAway {
                    throw ClientWentAway()
                } catch {
                    guard cursor.failed(error, step: step, attempt: attempt, gateway: self) else { throw error }
                }
            case .exhausted(let error):
                throw error
            }
        }
    }
}

extension Gateway {
    /// Feeds an attempt's outcome to the channel's breaker (``CircuitBreakers/report(channel:model:status:error:)``).
    func reportHealth(channel: String, model: String, status: Int, error: GatewayError?) {
        breakers.report(channel: channel, model: model, status: status, error: error)
    }
}
