import SwitchboardCore

extension CircuitBreakers {
    /// Feeds an attempt's (or a probe's) outcome to the channel's breaker: the upstream answered (a
    /// success, or an error the client caused), failed in a way another try may fix, or refused the
    /// channel's credentials (401/403, which disables the channel until an operator or a probe
    /// enables it). A client that went away (499) gave no outcome: a probe slot it held is freed.
    func report(channel: String, model: String, status: Int, error: GatewayError?) {
        guard let error else {
            recordSuccess(channel: channel, model: model)
            return
        }
        if error.isUpstreamAuthenticationFailure {
            recordFailure(channel: channel, model: model, kind: .authentication, error: error.message)
        } else if error.isRetriable {
            recordFailure(channel: channel, model: model, error: error.message)
        } else if status == 499 {
            abandonProbe(channel: channel, model: model)
        } else {
            recordSuccess(channel: channel, model: model)
        }
    }
}
