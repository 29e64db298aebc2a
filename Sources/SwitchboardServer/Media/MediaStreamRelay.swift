import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders
import Synchronization

/// Streams a media answer to the client as it is produced, never collected: an upstream's body
/// part by part (through ``StreamBridge``, so a slow client holds the upstream back and a client
/// that leaves cancels it) with the upstream's Content-Type, or chunks made in-process (the mock).
/// Speech audio and streamed image events (`stream: true` on GPT image models) go this way; a
/// ``MediaStreamMeter`` reads what the request is billed from the bytes as they pass.
struct MediaStreamRelay<Meter: MediaStreamMeter>: Sendable {
    let accounting: RequestAccounting
    let meter: Meter

    /// Relays `path` of an OpenAI upstream. A failure before the first byte is an error response
    /// (which failover may retry); after it the connection is cut. A stream still running when the
    /// shutdown grace runs out is cut too, and recorded as failed (503) with what it was billed so far.
    func relay(
        upstream: WireUpstream, path: String, body: [UInt8], contentType requestContentType: String,
        context: SwitchboardRequestContext
    ) async throws -> Response {
        let contentType = ContentTypeSlot()
        let accounting = self.accounting
        let start = self.meter
        var response = try await StreamBridge.respond(context: context, shutdown: accounting.gateway.shutdownDeadline) { sink throws(GatewayError) in
            var meter = start
            var firstByte: ContinuousClock.Instant?
            do {
                let answer = try await upstream.postMedia(path: path, body: body, contentType: requestContentType)
                try await answer.requireSuccess(decodeError: { status, body in OpenAIErrorEnvelope.decode(body, status: status) })
                contentType.set(answer.headers.first(name: "content-type") ?? "application/octet-stream")
                // Opened before the first chunk: an empty answer is still a (short) success.
                sink.open()
                for try await chunk in answer.body {
                    try answer.checkDeadline()
                    if firstByte == nil { firstByte = .now }
                    meter.observe(chunk.readableBytesView)
                    await sink.write(Array(chunk.readableBytesView))
                }
                accounting.succeed(usage: meter.usage, firstToken: firstByte)
            } catch {
                guard let gatewayError = sink.failure(error) else {
                    accounting.cancel(usage: meter.usage, firstToken: firstByte)
                    return
                }
                accounting.fail(gatewayError, usage: sink.isOpen ? meter.usage : nil, firstToken: firstByte, beforeResponse: !sink.isOpen)
                throw gatewayError
            }
        }
        response.headers[HTTPField.Name.contentType] = contentType.value
        return response
    }

    /// Streams chunks made in-process (the mock), one at a time.
    func send(chunks: [[UInt8]], contentType: String, context: SwitchboardRequestContext) async throws -> Response {
        let accounting = self.accounting
        let usage = self.meter.usage
        let started = ContinuousClock.now
        var response = try await StreamBridge.respond(context: context, shutdown: accounting.gateway.shutdownDeadline) { sink throws(GatewayError) in
            sink.open()
            for chunk in chunks {
                if Task.isCancelled {
                    guard let error = sink.failure(CancellationError()) else {
                        accounting.cancel(usage: usage, firstToken: started)
                        return
                    }
                    accounting.fail(error, usage: usage, firstToken: started)
                    throw error
                }
                await sink.write(chunk)
                await Task.yield()
            }
            accounting.succeed(usage: usage, firstToken: started)
        }
        response.headers[HTTPField.Name.contentType] = contentType
        return response
    }
}

/// Reads what a streamed media answer is billed from its bytes as they pass.
protocol MediaStreamMeter: Sendable {
    mutating func observe(_ bytes: ByteBufferView)
    var usage: Usage { get }
}

/// Speech: billed by the characters of its input, whatever the audio.
struct FixedUsageMeter: MediaStreamMeter {
    let usage: Usage
    func observe(_ bytes: ByteBufferView) {}
}

/// Streamed image events: one image per `image_generation.completed` / `image_edit.completed`
/// event, with the token usage it reports.
struct ImageEventMeter: MediaStreamMeter {
    private var parser = SSEParser()
    private(set) var usage = Usage()

    mutating func observe(_ bytes: ByteBufferView) {
        guard let events = try? parser.feed(bytes) else { return }
        for event in events {
            guard let payload = try? JSON.parse(event.data), payload["type"]?.stringValue?.hasSuffix(".completed") == true else { continue }
            let counted = OpenAIMediaUsage.images(.object(["data": [payload], "usage": payload["usage"] ?? .null]))
            usage.images += 1
            usage.promptTokens += counted.promptTokens
            usage.completionTokens += counted.completionTokens
        }
    }
}

/// The Content-Type of an upstream answer, set by the relaying task before the stream opens and
/// read by the handler once it has.
final class ContentTypeSlot: Sendable {
    private let stored = Mutex("application/octet-stream")
    func set(_ value: String) { stored.withLock { $0 = value } }
    var value: String { stored.withLock { $0 } }
}
