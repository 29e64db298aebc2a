import Yams

extension ConfigLoader {
    /// `breakers: {failures: 5, error_rate: 0.5, window: 60, min_requests: 20, cooldown: 5,
    /// max_cooldown: 300, probe_timeout: 120}` (seconds); what is not named keeps its default.
    mutating func parseBreakers(_ node: Node) -> BreakerPolicy {
        let defaults = BreakerPolicy()
        var failures = defaults.consecutiveFailures
        var errorRate = defaults.errorRateThreshold
        var minimumRequests = defaults.minimumRequests
        var durations: [String: Duration] = [:]
        forEachMember(node, "breakers") { loader, key, value in
            let field = "breakers.\(key)"
            switch key {
            case "failures": if let count = loader.positiveInt(value, field) { failures = count }
            case "min_requests": if let count = loader.positiveInt(value, field) { minimumRequests = count }
            case "error_rate":
                guard let rate = loader.double(value, field) else { return }
                guard (0...1).contains(rate) else { return loader.report(value, field, "must be between 0 and 1") }
                errorRate = rate
            case "window", "cooldown", "max_cooldown", "probe_timeout":
                guard let seconds = loader.double(value, field) else { return }
                guard seconds > 0 else { return loader.report(value, field, "must be a positive number of seconds") }
                durations[key] = .milliseconds(Int64(seconds * 1000))
            default:
                loader.report(
                    value, field,
                    "unknown setting '\(key)' (failures, error_rate, window, min_requests, cooldown, max_cooldown, probe_timeout)")
            }
        }
        return BreakerPolicy(
            consecutiveFailures: failures, errorRateThreshold: errorRate, window: durations["window"] ?? defaults.window,
            minimumRequests: minimumRequests, cooldown: durations["cooldown"] ?? defaults.cooldown,
            maxCooldown: durations["max_cooldown"] ?? defaults.maxCooldown, probeTimeout: durations["probe_timeout"] ?? defaults.probeTimeout)
    }
}
