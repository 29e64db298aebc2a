import SwitchboardCore
import SwitchboardProviders

/// Where a request stands on its ``FailoverPlan``: which step is next, which channels are
/// skipped, and the failure to answer with when none is left. The async failover loop and the
/// event-loop relay (``EventLoopChatRelay``) both walk a plan with it, so they decide alike.
struct FailoverCursor {
    /// What to do next.
    enum Move {
        /// Wait this long, then ask again (a backoff before the same channel is tried again).
        case wait(Duration)
        /// Try this step; `attempt` is the request's accounting for it.
        case attempt(FailoverPlan.Step, RequestAccounting)
        /// No step is left: answer with this error (its record is written).
        case exhausted(GatewayError)
    }

    private let steps: [FailoverPlan.Step]
    private let accounting: RequestAccounting
    private var index = 0
    /// The backoff before the step at `index` was waited for.
    private var waited = false
    private var skipChannels = Set<String>()
    private var lastError: GatewayError?
    /// The attempt whose failure was left unrecorded because another try was to follow.
    private(set) var unrecorded: RequestAccounting?

    init(plan: FailoverPlan, accounting: RequestAccounting) {
        steps = plan.steps
        self.accounting = accounting
    }

    mutating func next(gateway: Gateway) -> Move {
        while index < steps.count {
            let step = steps[index]
            let channel = step.route.channel.name
            if skipChannels.contains(channel) {
                index += 1
                waited = false
                continue
            }
            let isLast = steps[(index + 1)...].allSatisfy { skipChannels.contains($0.route.channel.name) }
            if step.retry > 0, !waited {
                guard let delay = gateway.configuration.retries.delay(retry: step.retry, retryAfter: lastError?.retryAfter) else {
                    skipChannels.insert(channel)
                    index += 1
                    continue
                }
                waited = true
                return .wait(delay)
            }
            index += 1
            waited = false
            // A channel whose breaker is open (or that upstream auth failures disabled) is skipped, for
            // the rest of the plan too: its cooldown (seconds) outlasts any retry backoff, so waiting
            // for it would only hold the client before the same 503.
            if case .rejected = gateway.breakers.admit(channel: channel, model: step.route.upstreamModel) {
                skipChannels.insert(channel)
                lastError = lastError ?? GatewayError(
                    .unavailable, "No healthy channel serves '\(step.model)' right now (circuit open); retry shortly.",
                    retryAfter: 1)
                continue
            }
            var attempt = accounting
            attempt.channel = channel
            attempt.upstreamModel = step.route.upstreamModel
            attempt.servedModel = step.model
            attempt.retriesRemain = !isLast
            return .attempt(step, attempt)
        }
        let error = lastError ?? GatewayError(.unavailable, "No channel could serve the model.", retryAfter: 1)
        if var attempt = unrecorded {
            unrecorded = nil
            attempt.retriesRemain = false
            attempt.fail(error)
        }
        return .exhausted(error)
    }

    /// An attempt failed before any response went out: true when the plan goes on (``next(gateway:)``),
    /// false when `error` is the request's answer (the attempt wrote its record).
    mutating func failed(_ error: any Error, step: FailoverPlan.Step, attempt: RequestAccounting, gateway: Gateway) -> Bool {
        let gatewayError = error as? GatewayError ?? UpstreamTransport.gatewayError(for: error)
        let channel = step.route.channel.name
        if gatewayError.isChannelMismatch {
            // Not the channel's fault: skip it (every try) and keep any real failure as the
            // answer; the attempt left its record to the cursor (``RequestAccounting/fail``).
            skipChannels.insert(channel)
            if lastError == nil {
                lastError = gatewayError
                unrecorded = attempt
            }
            return true
        }
        guard attempt.retriesRemain, gatewayError.isRetriable else { return false }
        gateway.channelStats.record(channel: channel, status: gatewayError.status, errorCode: gatewayError.code)
        gateway.reportHealth(channel: channel, model: step.route.upstreamModel, status: gatewayError.status, error: gatewayError)
        gateway.logger.info("Retrying on another attempt", metadata: [
            "request_id": "\(accounting.requestID)", "channel": "\(channel)",
            "status": "\(gatewayError.status)", "error_code": "\(gatewayError.code ?? "none")",
        ])
        lastError = gatewayError
        unrecorded = attempt
        return true
    }
}
