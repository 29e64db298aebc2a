public import SwitchboardCore

/// Anthropic's error envelope: `{"type":"error","error":{"type":"...","message":"..."}}`.
///
/// Used for every error on the Anthropic client endpoints, for `error` events inside Anthropic
/// streams, and to read an Anthropic upstream's error answers.
public enum AnthropicErrorEnvelope {
    public static func encode(_ error: GatewayError) -> JSONValue {
        .object([
            "type": "error",
            "error": .object(["type": .string(errorType(for: error)), "message": .string(error.message)]),
        ])
    }

    /// Anthropic's `error.type` for a gateway error: an upstream's own Anthropic type when it
    /// carries one, else the type Anthropic uses for the error's status.
    public static func errorType(for error: GatewayError) -> String {
        if let type = error.typeOverride, statusByType[type] != nil { return type }
        return errorType(forStatus: error.status)
    }

    /// 400 invalid_request_error, 401 authentication_error, 402 billing_error, 403 permission_error,
    /// 404 not_found_error, 413 request_too_large, 429 rate_limit_error, 503 and 529
    /// overloaded_error, other 5xx (500, 502, 504, ...) api_error, other 4xx invalid_request_error.
    public static func errorType(forStatus status: Int) -> String {
        switch status {
        case 401: "authentication_error"
        case 402: "billing_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 429: "rate_limit_error"
        case 503, 529: "overloaded_error"
        case 500...: "api_error"
        default: "invalid_request_error"
        }
    }

    /// Reads an upstream's error body, keeping its status, message and Anthropic type (as both the
    /// type and the code override).
    public static func decode(_ body: [UInt8], status: Int) -> GatewayError {
        let parsed = try? JSON.parse(body)
        let errorValue = parsed?["error"]
        let message: String
        if let text = errorValue?["message"]?.stringValue ?? parsed?["message"]?.stringValue {
            message = text
        } else if !body.isEmpty, body.count < 2048, parsed == nil {
            message = "Upstream error (HTTP \(status)): \(String(decoding: body, as: UTF8.self))"
        } else {
            message = "Upstream error (HTTP \(status))."
        }
        let type = errorValue?["type"]?.stringValue ?? errorType(forStatus: status)
        return GatewayError(.upstreamStatus, message, status: status, code: type, type: type)
    }

    /// The error an `error` event inside a stream stands for, with the status Anthropic gives its
    /// type (an `overloaded_error` is a 529).
    static func decodeStreamError(_ data: JSONValue?) -> GatewayError {
        let errorValue = data?["error"]
        let type = errorValue?["type"]?.stringValue ?? "api_error"
        let message = errorValue?["message"]?.stringValue ?? "The upstream reported an error in the stream."
        return GatewayError(.upstreamStatus, message, status: statusByType[type] ?? 500, code: type, type: type)
    }

    /// Every Anthropic error type with its HTTP status.
    static let statusByType: [String: Int] = [
        "invalid_request_error": 400, "authentication_error": 401, "billing_error": 402,
        "permission_error": 403, "not_found_error": 404, "request_too_large": 413,
        "rate_limit_error": 429, "api_error": 500, "timeout_error": 504, "overloaded_error": 529,
    ]
}
