import Hummingbird
import HTTPTypes
public import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
public import SwitchboardCore

/// A real HTTP server on loopback that speaks every provider's wire format by replaying recorded
/// provider traffic, and misbehaves on request.
///
/// Routes: `POST /v1/chat/completions` (OpenAI Chat), `POST /v1/responses` (OpenAI Responses),
/// `POST /v1/messages` (Anthropic: checks `x-api-key`, `anthropic-version` and the body the way
/// Anthropic does), `POST /v1beta/models/{model}:generateContent` and `:streamGenerateContent`
/// (Gemini: checks the API key and `contents`). Rejections come in each provider's own envelope,
/// so a gateway test that gets a 200 has proven its translation is valid.
///
/// What it does is chosen by the model of each request (see ``TestUpstreamScenario``), so one
/// instance serves every test. It records every request it receives, counts the requests of each
/// model name (``requestCount(model:)``, which `fault:flaky-*` counts on) and the clients that went
/// away in the middle of a fault (``disconnects``). Connection refused: ``refusedBaseURL``.
public final class TestUpstream: Sendable {
    /// A request as the upstream received it.
    public struct RecordedRequest: Sendable {
        public let method: String
        public let path: String
        /// The query string without `?` (Gemini's `alt=sse`, `key=`), nil when there is none.
        public let query: String?
        /// Header values by lowercased name.
        public let headers: [String: String]
        public let body: [UInt8]

        public var json: JSONValue? { try? JSON.parse(body) }
    }

    private let recorded = Mutex<[RecordedRequest]>([])
    private let modelCounts = Mutex<[String: Int]>([:])
    private let disconnectCount = Mutex<Int>(0)
    private let runningFaults = Mutex<Int>(0)
    private let stopSignal = Mutex(TestUpstreamSignal())
    private let connections = ConnectionCounter()
    private let portBox = Mutex<Int>(0)
    private let group = Mutex<ServiceGroup?>(nil)
    private let task = Mutex<Task<Void, any Error>?>(nil)

    public init() {}

    public var port: Int { portBox.withLock { $0 } }
    /// The base URL an OpenAI, OpenAI-compatible or Anthropic channel uses (`http://127.0.0.1:PORT/v1`).
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    /// The base URL a Gemini channel uses (`http://127.0.0.1:PORT/v1beta`).
    public var geminiBaseURL: String { "http://127.0.0.1:\(port)/v1beta" }
    public var requests: [RecordedRequest] { recorded.withLock { $0 } }
    /// TCP connections accepted so far (to check that clients keep connections alive).
    public var connectionCount: Int { connections.count }
    /// Faults whose client (the gateway) closed or reset the connection before the fault ended:
    /// during a stall, a slow, dripping, stalled or huge answer.
    public var disconnects: Int { disconnectCount.withLock { $0 } }
    /// Faults still waiting or writing; back to 0 once every client went away or was answered.
    public var faultsInProgress: Int { runningFaults.withLock { $0 } }

    /// Requests for `model` (the body's model, or the path's for Gemini) that passed their route's
    /// authentication and body checks, on every route.
    public func requestCount(model: String) -> Int { modelCounts.withLock { $0[model] ?? 0 } }
    /// Requests by model name, as ``requestCount(model:)`` counts them.
    public var requestCountsByModel: [String: Int] { modelCounts.withLock { $0 } }
    /// Requests received on `path` (`/v1/chat/completions`), rejected ones included.
    public func requestCount(path: String) -> Int { requests.count { $0.path == path } }
    /// Forgets the requests counted by model, so `fault:flaky-*` models fail again.
    public func resetRequestCounts() { modelCounts.withLock { $0 = [:] } }

    func record(_ request: RecordedRequest) { recorded.withLock { $0.append(request) } }
    func noteDisconnect() { disconnectCount.withLock { $0 += 1 } }
    /// Counts a request for `model`; returns how many there have been, this one included.
    func countRequest(model: String) -> Int {
        modelCounts.withLock { counts in
            counts[model, default: 0] += 1
            return counts[model]!
        }
    }
    func faultStarted() { runningFaults.withLock { $0 += 1 } }
    func faultEnded() { runningFaults.withLock { $0 -= 1 } }
    /// Raised when the upstream stops, so faults that wait end at once.
    var stopping: TestUpstreamSignal { stopSignal.withLock { $0 } }

    /// Starts listening on `port` (0 for any free port) and returns once it accepts connections.
    public func start(port: Int = 0, logger: Logger = Logger(label: "test-upstream")) async throws {
        stopSignal.withLock { $0 = TestUpstreamSignal() }
        let router = Router(context: TestUpstreamRequestContext.self)
        router.post("v1/chat/completions") { request, context in try await self.chatCompletions(request, context: context) }
        router.post("v1/responses") { request, context in try await self.responses(request, context: context) }
        router.post("v1/messages") { request, context in try await self.anthropicMessages(request, context: context) }
        router.post("v1beta/models/:target") { request, context in try await self.gemini(request, context: context) }
        addEmbeddingsRoutes(to: router)
        addMediaRoutes(to: router)
        addTasksRoutes(to: router)
        router.get("health") { _, _ in "ok" }
        let (ready, readyContinuation) = AsyncStream<Int>.makeStream()
        var quietLogger = logger
        quietLogger.logLevel = .warning
        let application = Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [
                ConnectionCountingHandler(counter: self.connections), TestUpstreamConnectionWatch(),
            ])),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                readyContinuation.yield(channel.localAddress?.port ?? port)
                readyContinuation.finish()
            },
            logger: quietLogger)
        let serviceGroup = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: quietLogger)
        group.withLock { $0 = serviceGroup }
        task.withLock { $0 = Task { try await serviceGroup.run() } }
        for await boundPort in ready {
            portBox.withLock { $0 = boundPort }
        }
    }

    /// Serves until SIGTERM/SIGINT (the standalone test-upstream executable).
    public func runUntilSignalled(port: Int) async throws {
        try await start(port: port)
        try await task.withLock { $0 }?.value
    }

    /// Stops accepting connections; faults still waiting or writing end at once.
    public func stop() async {
        stopping.raise()
        await group.withLock { $0 }?.triggerGracefulShutdown()
        _ = try? await task.withLock { $0 }?.value
    }

    /// Reads and records a request.
    func receive(_ request: Request) async throws -> RecordedRequest {
        let body = Array(try await request.body.collect(upTo: 64 * 1024 * 1024).readableBytesView)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        let recorded = RecordedRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: headers, body: body)
        record(recorded)
        return recorded
    }

    private func chatCompletions(_ request: Request, context: TestUpstreamRequestContext) async throws -> Response {
        let received = try await receive(request)
        guard let json = received.json, let model = json["model"]?.stringValue else {
            return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"message":"bad request","type":"invalid_request_error","param":null,"code":null}}"#)))
        }
        let stream = json["stream"]?.boolValue ?? false
        let afterToolResult = json["messages"]?.arrayValue?.last?["role"]?.stringValue == "tool"
        return try await TestUpstreamScenario(model: model, wire: .chat, stream: stream, afterToolResult: afterToolResult)
            .respond(upstream: self, channel: context.channel)
    }
}

/// Counts accepted connections.
final class ConnectionCounter: Sendable {
    private let value = Mutex<Int>(0)
    var count: Int { value.withLock { $0 } }
    func increment() { value.withLock { $0 += 1 } }
}

/// Notes each connection as it becomes active; passes everything through.
final class ConnectionCountingHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny
    let counter: ConnectionCounter

    init(counter: ConnectionCounter) { self.counter = counter }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { counter.increment() }
    }

    func channelActive(context: ChannelHandlerContext) {
        counter.increment()
        context.fireChannelActive()
    }
}
