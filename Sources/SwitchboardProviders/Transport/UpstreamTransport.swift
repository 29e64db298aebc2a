import AsyncHTTPClient
public import NIOCore
public import NIOHTTP1
public import SwitchboardCore
import Logging
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOPosix
import Synchronization

/// Sends requests to one channel's upstream over a pooled AsyncHTTPClient, applying the channel's
/// timeouts and turning transport failures into ``GatewayError``s (502 unreachable, 504 timeout).
public final class UpstreamTransport: Sendable {
    let client: HTTPClient
    let plainClient: PlainHTTP1Client
    /// Each upstream URL parsed once: a channel sends to a handful of URLs, a request at a time.
    private let plainEndpoints = Mutex<[String: PlainHTTP1Client.Endpoint?]>([:])
    public let timeouts: ChannelTimeouts

    public init(timeouts: ChannelTimeouts) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(Int64(timeouts.connect * 1000)), read: .milliseconds(Int64(timeouts.idle * 1000))),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 512),
            ignoreUncleanSSLShutdown: false,
            decompression: .disabled
        )
        configuration.httpVersion = .automatic
        configuration.tracing.tracer = nil
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.plainClient = PlainHTTP1Client(timeouts: timeouts)
        self.timeouts = timeouts
    }

    /// Sends a request and returns once the response head arrived (within the first-byte timeout).
    public func send(
        method: HTTPMethod = .POST, url: String, headers: HTTPHeaders, body: [UInt8]?
    ) async throws(GatewayError) -> UpstreamResponse {
        let started = NIODeadline.now()
        let firstByteDeadline = started + .milliseconds(Int64(timeouts.firstByte * 1000))
        let totalDeadline = started + .milliseconds(Int64(timeouts.total * 1000))
        if let endpoint = plainEndpoint(for: url) {
            do {
                let (head, exchange) = try await plainClient.send(
                    endpoint: endpoint, method: method, headers: headers, body: body,
                    firstByteDeadline: firstByteDeadline, totalDeadline: totalDeadline)
                return UpstreamResponse(
                    status: Int(head.status.code), headers: head.headers, body: UpstreamBody(source: .exchange(exchange)),
                    totalDeadline: totalDeadline)
            } catch {
                throw UpstreamTransport.gatewayError(for: error)
            }
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await client.execute(request, deadline: firstByteDeadline)
            return UpstreamResponse(
                status: Int(response.status.code), headers: response.headers, body: UpstreamBody(source: .client(response.body)),
                totalDeadline: totalDeadline)
        } catch {
            throw UpstreamTransport.gatewayError(for: error)
        }
    }

    /// The plain-HTTP endpoint of a URL (nil for `https://` and anything the lean client does not take).
    private func plainEndpoint(for url: String) -> PlainHTTP1Client.Endpoint? {
        if let known = plainEndpoints.withLock({ $0[url] }) { return known }
        let endpoint = PlainHTTP1Client.Endpoint(url: url)
        plainEndpoints.withLock { endpoints in
            if endpoints.count < 1024 { endpoints[url] = endpoint }
        }
        return endpoint
    }

    /// Closes the connection pool.
    public func shutdown() async {
        plainClient.shutdown()
        try? await client.shutdown()
    }

    /// Maps transport errors: timeouts to 504, everything else to 502.
    public static func gatewayError(for error: any Error) -> GatewayError {
        if let gatewayError = error as? GatewayError { return gatewayError }
        if let timeout = error as? GatewayUpstreamTimeout {
            switch timeout {
            case .firstByte: return GatewayError(.upstreamTimeout, "The upstream did not answer in time (first-byte timeout).")
            case .idle: return GatewayError(.upstreamTimeout, "The upstream stopped sending (idle timeout).")
            case .total: return GatewayError(.upstreamTimeout, "The upstream exchange took longer than the channel's total timeout.")
            }
        }
        if let connectionError = error as? UpstreamConnectionError {
            switch connectionError {
            case .closedBeforeResponse: return GatewayError(.upstreamUnavailable, "The upstream closed the connection before answering.")
            case .closedMidResponse: return GatewayError(.upstreamUnavailable, "The upstream closed the connection in the middle of its answer.")
            }
        }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return GatewayError(.upstreamTimeout, "Could not connect to the upstream in time (connect timeout).")
        }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded:
                return GatewayError(.upstreamTimeout, "The upstream did not answer in time (first-byte timeout).")
            case .readTimeout:
                return GatewayError(.upstreamTimeout, "The upstream stopped sending (idle timeout).")
            case .connectTimeout:
                return GatewayError(.upstreamTimeout, "Could not connect to the upstream in time (connect timeout).")
            case .cancelled:
                return GatewayError(.upstreamUnavailable, "The upstream request was cancelled.")
            default:
                break
            }
        }
        if error is CancellationError {
            return GatewayError(.upstreamUnavailable, "The upstream request was cancelled.")
        }
        return GatewayError(.upstreamUnavailable, "The upstream could not be reached (\(Self.describe(error))).")
    }

    /// A short, readable cause for a transport failure.
    static func describe(_ error: any Error) -> String {
        if let connectionError = error as? NIOConnectionError, let first = connectionError.connectionErrors.first {
            return describe(first.error)
        }
        if let ioError = error as? IOError {
            switch ioError.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET: return "connection reset by the upstream"
            case EPIPE: return "connection closed by the upstream"
            case ETIMEDOUT: return "connection timed out"
            case EHOSTUNREACH, ENETUNREACH: return "no route to the upstream host"
            default: return "network error \(ioError.errnoCode)"
            }
        }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .remoteConnectionClosed: return "the upstream closed the connection"
            case .connectTimeout: return "connect timeout"
            default: break
            }
        }
        let text = String(describing: error)
        if text.contains("NXDOMAIN") || text.contains("resolve") { return "the upstream host name could not be resolved" }
        return text.count > 200 ? String(text.prefix(200)) + "..." : text
    }
}

/// An upstream's response head and its body, still to be read.
public struct UpstreamResponse: Sendable {
    public let status: Int
    public let headers: HTTPHeaders
    public let body: UpstreamBody
    /// When the whole exchange must be over (the channel's total timeout).
    public let totalDeadline: NIODeadline

    /// Reads the whole body, up to `limit` bytes.
    public func collect(limit: Int) async throws(GatewayError) -> [UInt8] {
        var output: [UInt8] = []
        do {
            for try await chunk in body {
                try checkDeadline()
                guard output.count + chunk.readableBytes <= limit else {
                    throw GatewayError(.upstreamUnavailable, "The upstream response exceeded \(limit) bytes.")
                }
                output.append(contentsOf: chunk.readableBytesView)
            }
        } catch {
            throw UpstreamTransport.gatewayError(for: error)
        }
        return output
    }

    /// Throws the total-timeout error once the deadline has passed.
    public func checkDeadline() throws(GatewayError) {
        if NIODeadline.now() > totalDeadline {
            throw GatewayError(.upstreamTimeout, "The upstream exchange took longer than the channel's total timeout.")
        }
    }
}
