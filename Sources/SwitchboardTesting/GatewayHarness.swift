public import AsyncHTTPClient
public import SwitchboardServer
public import SwitchboardCore
public import SwitchboardFormats
public import SwitchboardProviders
public import NIOHTTP1
import NIOCore
public import Logging
import ServiceLifecycle
import Synchronization

/// Runs a real gateway on a loopback port for the duration of a test, with its store in memory
/// and a static client key, and talks to it over HTTP.
public struct GatewayHarness: Sendable {
    public static let clientKey = "sk-test-harness-0123456789abcdef"
    public static let adminKey = "sb-admin-test-harness-0123456789"

    public let baseURL: String
    public let gateway: Gateway
    public let client: HTTPClient

    /// A configuration with an in-memory store, port 0 and the harness's client key.
    public static func configuration(channels: [ChannelConfiguration]) -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        configuration.port = 0
        configuration.databaseURL = "sqlite://:memory:"
        configuration.keys = [StaticClientKey(name: "harness", key: clientKey)]
        configuration.channels = channels
        configuration.keyRefreshInterval = 0.1
        configuration.adminKey = adminKey
        return configuration
    }

    /// Starts the gateway, runs `body`, then shuts the gateway down gracefully (draining usage).
    /// `logger` receives the gateway's log (by default warnings and above, to standard error).
    public static func run<Value: Sendable>(
        _ configuration: GatewayConfiguration, logger: Logger? = nil, _ body: @Sendable (GatewayHarness) async throws -> Value
    ) async throws -> Value {
        let logger = logger ?? {
            var logger = Logger(label: "switchboard-test")
            logger.logLevel = .warning
            return logger
        }()
        let (ready, readyContinuation) = AsyncStream<Int>.makeStream()
        let built = try await buildApplication(configuration: configuration, logger: logger) { port in
            readyContinuation.yield(port)
            readyContinuation.finish()
        }
        let group = ServiceGroup(
            services: [built.application, built.gateway.shutdownDeadline], gracefulShutdownSignals: [], logger: logger)
        let running = Task { try await group.run() }
        var port = 0
        for await bound in ready { port = bound }
        let harness = GatewayHarness(baseURL: "http://127.0.0.1:\(port)", gateway: built.gateway, client: .shared)
        let result: Result<Value, any Error>
        do {
            result = .success(try await body(harness))
        } catch {
            result = .failure(error)
        }
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        await built.gateway.shutdown()
        return try result.get()
    }

    /// A completed HTTP exchange.
    public struct Exchange: Sendable {
        public let status: Int
        public let headers: HTTPHeaders
        public let body: [UInt8]

        public var json: JSONValue? { try? JSON.parse(body) }
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends a request and reads the whole answer.
    public func send(
        _ method: HTTPMethod = .POST, _ path: String, body: [UInt8]? = nil, key: String? = GatewayHarness.clientKey,
        headers: [(String, String)] = []
    ) async throws -> Exchange {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let key { request.headers.add(name: "authorization", value: "Bearer \(key)") }
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
        return Exchange(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
    }

    public func post(_ path: String, json: JSONValue, key: String? = GatewayHarness.clientKey) async throws -> Exchange {
        try await send(.POST, path, body: JSON.serialize(json), key: key)
    }

    /// Posts a streaming request and returns the SSE events of the answer.
    public func stream(_ path: String, json: JSONValue, key: String? = GatewayHarness.clientKey) async throws -> (Exchange, [ServerSentEvent]) {
        let exchange = try await post(path, json: json, key: key)
        var parser = SSEParser()
        var events = try parser.feed(exchange.body)
        if let last = parser.finish() { events.append(last) }
        return (exchange, events)
    }
}
