import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders
import Synchronization

/// Streams binary audio to the client as it is produced, never collected: an upstream's body part
/// by part (through ``StreamBridge``, so a slow client holds the upstream back and a client that
/// leaves cancels it), with the upstream's Content-Type; or the mock's chunks.
struct AudioStreamRelay: Sendable {
    let accounting: RequestAccounting
    /// What the request is billed when the audio was produced (its characters).
    let usage: Usage

    /// Relays `/audio/speech` of an OpenAI upstream.
    func relay(upstream: WireUpstream, body: [UInt8], context: SwitchboardRequestContext) async throws -> Response {
        let contentType = ContentTypeSlot()
        let accounting = self.accounting
        let usage = self.usage
        var response = try await StreamBridge.respond(context: context) { sink throws(GatewayError) in
            var opened = false
            var firstByte: ContinuousClock.Instant?
            do {
                let answer = try await upstream.postMedia(path: "/audio/speech", body: body, contentType: "application/json")
                try await answer.requireSuccess(decodeError: { status, body in OpenAIErrorEnvelope.decode(body, status: status) })
                contentType.set(answer.headers.first(name: "content-type") ?? "application/octet-stream")
                sink.open()
                opened = true
                for try await chunk in answer.body {
                    try answer.checkDeadline()
                    if firstByte == nil { firstByte = .now }
                    await sink.write(Array(chunk.readableBytesView))
                }
                accounting.succeed(usage: usage, firstToken: firstByte)
            } catch {
                let gatewayError = ChatPassthroughRelay.streamError(error)
                if Task.isCancelled {
                    accounting.cancel(usage: usage, firstToken: firstByte)
                    return
                }
                accounting.fail(gatewayError, usage: opened ? usage : nil, firstToken: firstByte, beforeResponse: !opened)
                // Before the first byte: an error response. After it: the connection is cut.
                throw gatewayError
            }
        }
        response.headers[HTTPField.Name.contentType] = contentType.value
        return response
    }

    /// Streams audio made in-process (the mock), a chunk at a time.
    func send(chunks: [[UInt8]], contentType: String, context: SwitchboardRequestContext) async throws -> Response {
        let accounting = self.accounting
        let usage = self.usage
        let started = ContinuousClock.now
        var response = try await StreamBridge.respond(context: context) { sink throws(GatewayError) in
            sink.open()
            for chunk in chunks {
                if Task.isCancelled {
                    accounting.cancel(usage: usage, firstToken: started)
                    return
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

/// The Content-Type of an upstream answer, set by the relaying task before the stream opens and
/// read by the handler once it has.
final class ContentTypeSlot: Sendable {
    private let stored = Mutex("application/octet-stream")
    func set(_ value: String) { stored.withLock { $0 = value } }
    var value: String { stored.withLock { $0 } }
}
