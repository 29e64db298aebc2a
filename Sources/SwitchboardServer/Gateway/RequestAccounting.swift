import SwitchboardCore
import SwitchboardStore
import SwitchboardProviders
import Foundation

/// Collects what one request's usage record needs as the request goes, and writes it once.
struct RequestAccounting: Sendable {
    let recorder: UsageRecorder
    let requestID: String
    let keyID: String?
    let endpoint: String
    var model: String
    let started: ContinuousClock.Instant
    var upstreamModel: String?
    var channel: String?
    var streamed = false

    init(recorder: UsageRecorder, requestID: String, keyID: String?, endpoint: String, model: String, started: ContinuousClock.Instant) {
        self.recorder = recorder
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
        write(status: 200, usage: usage ?? Usage(), errorCode: nil, firstToken: firstToken, cancelled: false)
    }

    func fail(_ error: any Error, usage: Usage? = nil, firstToken: ContinuousClock.Instant? = nil) {
        let gatewayError = error as? GatewayError ?? UpstreamTransport.gatewayError(for: error)
        write(status: gatewayError.status, usage: usage ?? Usage(), errorCode: gatewayError.code, firstToken: firstToken, cancelled: false)
    }

    /// The client went away (recorded with nginx's 499).
    func cancel(usage: Usage?, firstToken: ContinuousClock.Instant?) {
        write(status: 499, usage: usage ?? Usage(), errorCode: "client_closed_request", firstToken: firstToken, cancelled: true)
    }

    private func write(status: Int, usage: Usage, errorCode: String?, firstToken: ContinuousClock.Instant?, cancelled: Bool) {
        recorder.record(UsageRecord(
            requestID: requestID, keyID: keyID, endpoint: endpoint, model: model, upstreamModel: upstreamModel,
            channel: channel, usage: usage, status: status, errorCode: errorCode,
            latencyMilliseconds: elapsedMilliseconds(),
            timeToFirstTokenMilliseconds: firstToken.map { elapsedMilliseconds(until: $0) },
            streamed: streamed, cancelled: cancelled))
    }
}
