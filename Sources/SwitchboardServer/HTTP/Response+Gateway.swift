import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import SwitchboardCore
import SwitchboardFormats

extension HTTPField.Name {
    static let requestID = Self("x-request-id")!
    static let retryAfter = Self("retry-after")!
}

extension Response {
    /// A JSON response from bytes already serialised.
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        json(JSON.serialize(value), status: status)
    }

    /// An error in OpenAI's envelope, with `Retry-After` when the error carries one.
    static func openAIError(_ error: GatewayError) -> Response {
        var response = json(OpenAIErrorEnvelope.encode(error), status: HTTPResponse.Status(code: error.status))
        if let retryAfter = error.retryAfter {
            response.headers[.retryAfter] = String(retryAfter)
        }
        return response
    }
}

extension GatewayError {
    /// Any error thrown while handling a request, as the gateway reports it.
    static func from(_ error: any Error, request: Request) -> GatewayError {
        if let gatewayError = error as? GatewayError { return gatewayError }
        if let httpError = error as? any HTTPResponseError {
            switch httpError.status.code {
            case 404:
                let allowed = AllowedMethods.methods(for: request.uri.path)
                guard allowed.isEmpty else {
                    return GatewayError(
                        .invalidRequest, "Method \(request.method) is not allowed on \(request.uri.path); use \(allowed.joined(separator: " or ")).",
                        status: 405, code: "method_not_allowed")
                }
                return GatewayError(.notFound, "Unknown endpoint: \(request.method) \(request.uri.path).")
            case 405:
                return GatewayError(.invalidRequest, "Method \(request.method) is not allowed on \(request.uri.path).", status: 405, code: "method_not_allowed")
            case 413:
                return GatewayError(.requestTooLarge, "The request body is larger than the gateway accepts.")
            case 400..<500:
                return GatewayError(.invalidRequest, (httpError as? HTTPError)?.body ?? "Invalid request.", status: Int(httpError.status.code))
            default:
                return GatewayError(.internalError, "The gateway failed to handle the request.")
            }
        }
        if let parseError = error as? HTTPParserError {
            // A body that is not valid HTTP/1.1 (a broken chunk) fails the handler reading it.
            return GatewayError(.invalidRequest, "The request body is not valid HTTP/1.1 (\(parseError)).")
        }
        if error is CancellationError {
            return GatewayError(.unavailable, "The request was cancelled.", status: 499, code: "client_closed_request")
        }
        if error is ClientWentAway {
            // Recorded as the client's doing (a stream it left, an upload it cut), never as a 500.
            return GatewayError(.unavailable, "The client closed the connection before the request was answered.",
                                status: 499, code: "client_closed_request")
        }
        return GatewayError(.internalError, "The gateway failed to handle the request.")
    }
}
