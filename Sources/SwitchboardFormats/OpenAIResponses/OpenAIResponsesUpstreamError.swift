import SwitchboardCore

/// Errors a Responses upstream reports inside an answer: an `error` event, or a response whose
/// status is `failed`. The status follows the error's code: quota and rate limits 429, server
/// errors 500, anything else 502.
enum OpenAIResponsesUpstreamError {
    /// From an `error` event: `{type: "error", code, message, param}` or, as some streams send
    /// it, `{type: "error", error: {type, code, message, param}}`.
    static func error(fromEvent event: JSONValue) -> GatewayError {
        let details = event["error"]?.objectValue != nil ? event["error"] : event
        return make(
            code: details?["code"]?.stringValue, type: details?["type"]?.stringValue.flatMap { $0 == "error" ? nil : $0 },
            message: details?["message"]?.stringValue, param: details?["param"]?.stringValue)
    }

    /// From a `response.failed` event's response, or a non-streamed response with status failed.
    static func error(fromFailedResponse response: JSONValue) -> GatewayError {
        let details = response["error"]
        return make(
            code: details?["code"]?.stringValue, type: details?["type"]?.stringValue,
            message: details?["message"]?.stringValue, param: nil)
    }

    static func status(forCode code: String?) -> Int {
        switch code {
        case "insufficient_quota"?, "rate_limit_exceeded"?, "rate_limit"?, "rate_limit_error"?: 429
        case "server_error"?, "internal_error"?: 500
        default: 502
        }
    }

    private static func make(code: String?, type: String?, message: String?, param: String?) -> GatewayError {
        let status = status(forCode: code ?? type)
        return GatewayError(
            .upstreamStatus, message ?? "The upstream reported an error (\(code ?? "no code")).",
            param: param, status: status, code: code ?? "upstream_error",
            type: type ?? OpenAIErrorEnvelope.defaultType(for: status))
    }
}
