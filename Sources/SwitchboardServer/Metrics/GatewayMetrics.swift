import Prometheus
import SwitchboardCore
import Synchronization

/// The gateway's Prometheus metrics, served at `GET /metrics` (admin key): requests by endpoint,
/// status and channel, their latency and time to first token, tokens and cost by channel, and the
/// state of the usage log. Each gateway has its own registry (no process-wide state), so tests can
/// run several gateways in one process.
///
/// Labels are bounded by what the operator configured: endpoint names, HTTP status codes and
/// channel names; never the model name a client sent (any string) nor a key.
final class GatewayMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
    ]

    private static func descriptor(_ name: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "switchboard", metricName: name, unitName: unit, helpText: help)
    }

    private static var requests: MetricNameDescriptor { descriptor("requests", unit: "total", help: "Client requests by endpoint, status and channel.") }
    private static var duration: MetricNameDescriptor { descriptor("request_duration", unit: "seconds", help: "Time from request to the end of the answer.") }
    private static var firstToken: MetricNameDescriptor { descriptor("time_to_first_token", unit: "seconds", help: "Time to the first generated token of streams.") }
    private static var tokens: MetricNameDescriptor { descriptor("tokens", unit: "total", help: "Tokens by channel and kind (prompt, completion, cached, reasoning).") }
    private static var cost: MetricNameDescriptor { descriptor("cost_microdollars", unit: "total", help: "Cost of the requests in millionths of a USD, by channel.") }
    private static var cancelled: MetricNameDescriptor { descriptor("cancelled_requests", unit: "total", help: "Requests whose client went away before the end.") }

    /// The instruments of one (endpoint, status, channel), made once: the registry validates
    /// names and labels and takes its lock on every `make`, too much for every request.
    private struct RequestInstruments: Sendable {
        let requests: Counter
        let duration: DurationHistogram
        let firstToken: DurationHistogram
        let cancelled: Counter
        let tokens: [Counter]
        let cost: Counter
    }

    private struct InstrumentKey: Hashable {
        let endpoint: String
        let status: Int
        let channel: String
    }

    private let instruments = Mutex<[InstrumentKey: RequestInstruments]>([:])

    /// Chat Completions requests the event-loop relay took (``EventLoopChatRelay``); the others
    /// were served by a task.
    let eventLoopRelays: Counter

    init() {
        eventLoopRelays = registry.makeCounter(descriptor: Self.descriptor(
            "event_loop_relays", unit: "total", help: "Chat Completions requests relayed on the connection's event loop."))
    }

    /// The token kinds counted, in the order of `RequestInstruments.tokens`.
    private static let tokenKinds = ["prompt", "completion", "cached", "reasoning"]

    private func instruments(endpoint: String, status: Int, channel: String) -> RequestInstruments {
        let key = InstrumentKey(endpoint: endpoint, status: status, channel: channel)
        if let made = instruments.withLock({ $0[key] }) { return made }
        let made = RequestInstruments(
            requests: registry.makeCounter(
                descriptor: Self.requests, labels: [("endpoint", endpoint), ("status", String(status)), ("channel", channel)]),
            duration: registry.makeDurationHistogram(descriptor: Self.duration, labels: [("endpoint", endpoint)], buckets: Self.latencyBuckets),
            firstToken: registry.makeDurationHistogram(descriptor: Self.firstToken, labels: [("endpoint", endpoint)], buckets: Self.latencyBuckets),
            cancelled: registry.makeCounter(descriptor: Self.cancelled, labels: [("endpoint", endpoint)]),
            tokens: Self.tokenKinds.map { registry.makeCounter(descriptor: Self.tokens, labels: [("channel", channel), ("kind", $0)]) },
            cost: registry.makeCounter(descriptor: Self.cost, labels: [("channel", channel)]))
        instruments.withLock { $0[key] = made }
        return made
    }

    /// Counts one finished request (called once per usage record).
    func record(
        endpoint: String, status: Int, channel: String?, usage: Usage, cost: Double, latency: Duration,
        timeToFirstToken: Duration?, cancelled: Bool
    ) {
        let instruments = instruments(endpoint: endpoint, status: status, channel: channel ?? "none")
        instruments.requests.increment()
        instruments.duration.record(latency)
        if let timeToFirstToken { instruments.firstToken.record(timeToFirstToken) }
        if cancelled { instruments.cancelled.increment() }
        let counts = [usage.promptTokens, usage.completionTokens, usage.cachedTokens, usage.reasoningTokens]
        for (counter, count) in zip(instruments.tokens, counts) where count > 0 {
            counter.increment(by: Int64(count))
        }
        let microdollars = Int64((cost * 1_000_000).rounded())
        if microdollars > 0 { instruments.cost.increment(by: microdollars) }
    }

    /// The metrics in Prometheus's text format, with gauges read at this moment.
    func exposition(inFlight: Int, pendingUsageRecords: Int, openBreakers: Int) -> [UInt8] {
        registry.makeGauge(descriptor: Self.descriptor("in_flight_requests", unit: "count", help: "Requests being served now."))
            .set(Double(inFlight))
        registry.makeGauge(descriptor: Self.descriptor(
            "usage_records_pending", unit: "count", help: "Usage records accepted but not yet written to the store."))
            .set(Double(pendingUsageRecords))
        registry.makeGauge(descriptor: Self.descriptor(
            "open_breakers", unit: "count", help: "Circuit breakers (channel, model) open or half-open now."))
            .set(Double(openBreakers))
        return registry.emitToBuffer()
    }
}
