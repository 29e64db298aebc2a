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
        var skipChannels = Set<String>()
        var lastError: GatewayError?
        // The attempt whose failure was left unrecorded because another try was to follow.
        var unrecorded: RequestAccounting?
        for (index, step) in plan.steps.enumerated() {
            if skipChannels.contains(step.route.channel.name) { continue }
            let isLast = plan.steps[(index + 1)...].allSatisfy { skipChannels.contains($0.route.channel.name) }
            if step.retry > 0 {
                guard let delay = configuration.retries.delay(retry: step.retry, retryAfter: lastError?.retryAfter) else {
                    skipChannels.insert(step.route.channel.name)
                    continue
                }
                try await Task.sleep(for: delay)
            }
            // A channel whose breaker is open (or that upstream auth failures disabled) is skipped, for
            // the rest of the plan too: its cooldown (seconds) outlasts any retry backoff, so waiting
            // for it would only hold the client before the same 503.
            if case .rejected = breakers.admit(channel: step.route.channel.name, model: step.route.upstreamModel) {
                skipChannels.insert(step.route.channel.name)
                lastError = lastError ?? GatewayError(
                    .unavailable, "No healthy channel serves '\(step.model)' right now (circuit open); retry shortly.",
                    retryAfter: 1)
                continue
            }
            var attempt = accounting
            attempt.channel = step.route.channel.name
            attempt.upstreamModel = step.route.upstreamModel
            attempt.servedModel = step.model
            attempt.retriesRemain = !isLast
            do {
                return try await serve(step.route, attempt)
            } catch is ClientWentAway {
                throw ClientWentAway()
            } catch {
                let gatewayError = error as? GatewayError ?? UpstreamTransport.gatewayError(for: error)
                if gatewayError.isChannelMismatch {
                    // Not the channel's fault: skip it (every try) and keep any real failure as the
                    // answer; the attempt left its record to this loop (``RequestAccounting/fail``).
                    skipChannels.insert(step.route.channel.name)
                    if lastError == nil {
                        lastError = gatewayError
                        unrecorded = attempt
                    }
                    continue
                }
                guard attempt.retriesRemain, gatewayError.isRetriable else { throw error }
                channelStats.record(channel: step.route.channel.name, status: gatewayError.status, errorCode: gatewayError.code)
                reportHealth(channel: step.route.channel.name, model: step.route.upstreamModel, status: gatewayError.status, error: gatewayError)
                logger.info("Retrying on another attempt", metadata: [
                    "request_id": "\(accounting.requestID)", "channel": "\(step.route.channel.name)",
                    "status": "\(gatewayError.status)", "error_code": "\(gatewayError.code ?? "none")",
                ])
                lastError = gatewayError
                unrecorded = attempt
            }
        }
        let error = lastError ?? GatewayError(.unavailable, "No channel could serve the model.", retryAfter: 1)
        if var attempt = unrecorded {
            attempt.retriesRemain = false
            attempt.fail(error)
        }
        throw error
    }
}

extension Gateway {
    /// Feeds an attempt's outcome to the channel's breaker (``CircuitBreakers/report(channel:model:status:error:)``).
    func reportHealth(channel: String, model: String, status: Int, error: GatewayError?) {
        breakers.report(channel: channel, model: model, status: status, error: error)
    }
}
