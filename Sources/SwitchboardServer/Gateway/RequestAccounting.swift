import SwitchboardCore
import SwitchboardStore
import SwitchboardProviders
import Foundation

/// Collects what one request's usage record needs as the request goes, and writes it once: the
/// record with its cost, and the admission grants (rate-limit permits, budget reservation) given
/// back with the real figures.
struct RequestAccounting: Sendable {
    let gateway: Gateway
    let requestID: String
    let keyID: String?
    let endpoint: String
    var model: String
    let started: ContinuousClock.Instant
    var upstreamModel: String?
    /// The model actually served when it is not the one asked for (a fallback); priced by it.
    var servedModel: String?
    var channel: String?
    var streamed = false
    /// What admission granted; settled when the record is written.
    var ticket: AdmissionTicket?
    /// Prompt tokens estimated from the request, charged when a stream ends without the upstream's usage.
    var promptEstimate = 0
    /// Another channel will be tried if this attempt fails before any response went out, so such a
    /// failure is not this request's record (the failover loop reports it to the channel's health).
    var retriesRemain = false

    init(gateway: Gateway, requestID: String, keyID: String?, endpoint: String, model: String, started: ContinuousClock.Instant) {
        self.gateway = gateway
        self.requestID = requestID
        self.keyID = keyID
        self.endpoint = endpoint
        self.model = model
        self.started = started
    }

    func elapsedMilliseconds(until instant: ContinuousClock.Instant = .now) -> Double {
        let duration = instant - started
        return Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    func succeed(usage: Usage?, firstToken: ContinuousClock.Instant? = nil) {
        if let channel { gateway.reportHealth(channel: channel, model: upstreamModel ?? model, status: 200, error: nil) }
        write(status: 200, usage: usage ?? Usage(), errorCode: nil, firstToken: firstToken, cancelled: false)
    }

    /// A failure; a stream that failed after producing output is charged for it (the upstream's
    /// usage, or the prompt estimate and the counted output tokens).
    ///
    /// `beforeResponse`: nothing has gone to the client yet (a non-streamed answer, or a stream
    /// that did not open), so the failover loop may still try another channel; when it will, this
    /// attempt writes no record. A channel without the endpoint (``GatewayError/isChannelMismatch``)
    /// never writes one here: the failover loop skips it and records the request's outcome itself.
    func fail(
        _ error: any Error, usage: Usage? = nil, firstToken: ContinuousClock.Instant? = nil, countedOutputTokens: Int = 0,
        beforeResponse: Bool = false
    ) {
        let gatewayError = error as? GatewayError ?? UpstreamTransport.gatewayError(for: error)
        if beforeResponse, gatewayError.isChannelMismatch || (retriesRemain && gatewayError.isRetriable) { return }
        if let channel { gateway.reportHealth(channel: channel, model: upstreamModel ?? model, status: gatewayError.status, error: gatewayError) }
        let charged = usage ?? (countedOutputTokens > 0
            ? Usage(promptTokens: promptEstimate, completionTokens: countedOutputTokens) : Usage())
        write(status: gatewayError.status, usage: charged, errorCode: gatewayError.code, firstToken: firstToken, cancelled: false)
    }

    /// The client went away (recorded with nginx's 499), charged for what was generated: the
    /// upstream's usage when it reported any, else the prompt estimate and the output counted so far.
    func cancel(usage: Usage?, firstToken: ContinuousClock.Instant?, countedOutputTokens: Int = 0) {
        if let channel { gateway.breakers.abandonProbe(channel: channel, model: upstreamModel ?? model) }
        let charged = usage ?? Usage(promptTokens: promptEstimate, completionTokens: countedOutputTokens)
        write(status: 499, usage: charged, errorCode: "client_closed_request", firstToken: firstToken, cancelled: true)
    }

    private func write(status: Int, usage: Usage, errorCode: String?, firstToken: ContinuousClock.Instant?, cancelled: Bool) {
        let cost = gateway.cost(of: usage, model: servedModel ?? model, upstreamModel: upstreamModel)
        if let ticket {
            for permit in ticket.permits { gateway.rateLimiter.settle(permit, actualTokens: usage.totalTokens) }
            if let reservation = ticket.reservation { gateway.budgets.settle(reservation, cost: cost) }
        }
        if let channel { gateway.channelStats.record(channel: channel, status: status, errorCode: errorCode) }
        let now = ContinuousClock.now
        gateway.metrics.record(
            endpoint: endpoint, status: status, channel: channel, usage: usage, cost: cost, latency: now - started,
            timeToFirstToken: firstToken.map { $0 - started }, cancelled: cancelled)
        gateway.recorder.record(UsageRecord(
            requestID: requestID, keyID: keyID, endpoint: endpoint, model: model, upstreamModel: upstreamModel,
            channel: channel, usage: usage, status: status, errorCode: errorCode,
            latencyMilliseconds: elapsedMilliseconds(),
            timeToFirstTokenMilliseconds: firstToken.map { elapsedMilliseconds(until: $0) },
            streamed: streamed, cancelled: cancelled, costUSD: cost))
    }
}
