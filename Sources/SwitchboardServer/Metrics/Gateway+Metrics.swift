import Hummingbird
import NIOCore

extension Gateway {
    /// `GET /metrics`: the Prometheus text exposition, gauges read now.
    func metricsResponse() -> Response {
        let openBreakers = router.channels.reduce(0) { count, channel in
            count + breakers.snapshot(channel: channel.name).models.filter { $0.state != .closed }.count
        }
        let body = metrics.exposition(
            inFlight: inFlight.value.load(ordering: .relaxed), pendingUsageRecords: recorder.pendingCount,
            openBreakers: openBreakers)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
