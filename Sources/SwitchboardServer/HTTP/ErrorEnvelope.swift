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

    func response(for error: GatewayError) -> Response {
        let body: JSONValue
        switch self {
        case .openAI: body = OpenAIErrorEnvelope.encode(error)
        case .anthropic: body = AnthropicErrorEnvelope.encode(error)
        case .gemini: body = GeminiErrorEnvelope.encode(error)
        }
        var response = Response.json(body, status: HTTPResponse.Status(code: error.status))
        if let retryAfter = error.retryAfter {
            response.headers[.retryAfter] = String(retryAfter)
        }
        return response
    }
}
