public import SwitchboardCore
public import SwitchboardFormats
import NIOCore

/// Serves canonical requests from a wire upstream in another format: the format adapter writes
/// the upstream's request and reads its answer, the transport carries the bytes.
///
/// This is the translation path (an Anthropic client on an OpenAI-compatible channel, a Chat
/// client on a Gemini channel, ...); same-format requests are relayed byte for byte instead.
public struct WireGenerationProvider: GenerationProvider {
    public let upstream: WireUpstream
    public let adapter: any UpstreamFormatAdapter

    /// Bodies of non-streaming answers are read up to this size.
    public static let maximumResponseBytes = 64 * 1024 * 1024

    public init(upstream: WireUpstream, adapter: any UpstreamFormatAdapter) {
        self.upstream = upstream
        self.adapter = adapter
    }

    public func generate(_ request: GenerationRequest) async throws(GatewayError) -> GenerationResponse {
        let body = try adapter.encodeRequest(request, model: request.model, stream: false)
        let response = try await upstream.post(path: adapter.path(model: request.model, stream: false), body: body, stream: false)
        try await response.requireSuccess(decodeError: adapter.decodeError)
        return try adapter.decodeResponse(try await response.collect(limit: Self.maximumResponseBytes))
    }

    public func stream(_ request: GenerationRequest) -> GenerationEvents {
        GenerationEvents { TranslatedEventSource(provider: self, request: request) }
    }
}

/// Pulls upstream bytes only when the relay asks for the next event: backpressure end to end.
struct TranslatedEventSource: GenerationEventSource {
    let provider: WireGenerationProvider
    let request: GenerationRequest
    private var response: UpstreamResponse?
    private var body: UpstreamBody.AsyncIterator?
    private var parser = SSEParser()
    private var decoder: (any UpstreamStreamDecoding)?
    private var pending: [StreamEvent] = []
    private var pendingIndex = 0
    private var ended = false

    init(provider: WireGenerationProvider, request: GenerationRequest) {
        self.provider = provider
        self.request = request
    }

    mutating func next() async throws -> StreamEvent? {
        while true {
            if pendingIndex < pending.count {
                defer { pendingIndex += 1 }
                return pending[pendingIndex]
            }
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            if ended { return nil }
            if response == nil { try await open() }
            try await pull()
        }
    }

    private mutating func open() async throws {
        let adapter = provider.adapter
        let body = try adapter.encodeRequest(request, model: request.model, stream: true)
        let opened = try await provider.upstream.post(path: adapter.path(model: request.model, stream: true), body: body, stream: true)
        try await opened.requireSuccess(decodeError: adapter.decodeError)
        try await opened.requireEventStream(decodeError: adapter.decodeError)
        response = opened
        self.body = opened.body.makeAsyncIterator()
        decoder = adapter.makeStreamDecoder()
    }

    /// Reads one upstream chunk and decodes the events it completes into `pending`.
    private mutating func pull() async throws {
        guard var decoder, var body, let response else { return }
        defer {
            self.decoder = decoder
            self.body = body
        }
        do {
            if let chunk = try await body.next() {
                try response.checkDeadline()
                for event in try parser.feed(chunk.readableBytesView) {
                    pending += try decoder.decode(event)
                }
                return
            }
            if let last = parser.finish() { pending += try decoder.decode(last) }
            pending += try decoder.finish()
            ended = true
        } catch let error as SSEParserError {
            if case .eventTooLarge(let limit) = error {
                throw GatewayError(.upstreamUnavailable, "The upstream sent a stream event larger than \(limit) bytes.")
            }
            throw GatewayError(.upstreamUnavailable, "The upstream sent an unreadable event stream.")
        } catch let error as GatewayError {
            throw error
        } catch {
            throw UpstreamTransport.gatewayError(for: error)
        }
    }
}
