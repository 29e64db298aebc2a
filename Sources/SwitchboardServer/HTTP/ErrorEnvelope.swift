import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardFormats

/// Which API's error envelope a request gets: each endpoint answers errors in its own format, so
/// the Anthropic and Gemini SDKs raise their own exception types with the gateway's message.
enum ErrorEnvelope {
    case openAI
    case anthropic
    case gemini

    init(path: String) {
        if path.hasPrefix("/v1/messages") {
            self = .anthropic
        } else if path.hasPrefix("/v1beta/") || path == "/v1beta" {
            self = .gemini
        } else {
            self = .openAI
        }
    }

    /// The error's body in this envelope.
    func body(for error: GatewayError) -> JSONValue {
        switch self {
        case .openAI: OpenAIErrorEnvelope.encode(error)
        case .anthropic: AnthropicErrorEnvelope.encode(error)
        case .gemini: GeminiErrorEnvelope.encode(error)
        }
    }

    func response(for error: GatewayError) -> Response {
        var response = Response.json(body(for: error), status: HTTPResponse.Status(code: error.status))
        if let retryAfter = error.retryAfter {
            response.headers[.retryAfter] = String(retryAfter)
        }
        return response
    }
}
