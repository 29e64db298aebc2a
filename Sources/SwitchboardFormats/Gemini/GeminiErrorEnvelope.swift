public import SwitchboardCore

/// Google's error envelope, as the Gemini API writes it:
/// `{"error":{"code":429,"message":"...","status":"RESOURCE_EXHAUSTED","details":[...]}}`.
public enum GeminiErrorEnvelope {
    public static func encode(_ error: GatewayError) -> JSONValue {
        .object([
            "error": .object([
                "code": .int(error.status),
                "message": .string(error.message),
                "status": .string(statusName(for: error.status)),
            ])
        ])
    }

    /// Reads an upstream's error body, keeping its HTTP status, message and status name (as the
    /// code); `RetryInfo.retryDelay` becomes `retryAfter`. Also reads the envelope inside the one-
    /// element array that `streamGenerateContent` without `alt=sse` answers with.
    public static func decode(_ body: [UInt8], status: Int) -> GatewayError {
        var parsed = try? JSON.parse(body)
        if let first = parsed?.arrayValue?.first { parsed = first }
        return decode(error: parsed?["error"], status: status, rawBody: parsed == nil ? body : [])
    }

    /// The gateway error for an `error` object found inside a stream (its `code` gives the status).
    static func decode(error value: JSONValue?, status: Int, rawBody: [UInt8] = []) -> GatewayError {
        let message: String
        if let text = value?["message"]?.stringValue {
            message = text
        } else if !rawBody.isEmpty, rawBody.count < 2048 {
            message = "Upstream error (HTTP \(status)): \(String(decoding: rawBody, as: UTF8.self))"
        } else {
            message = "Upstream error (HTTP \(status))."
        }
        var error = GatewayError(
            .upstreamStatus, message, status: status,
            code: value?["status"]?.stringValue ?? statusName(for: status),
            type: OpenAIErrorEnvelope.defaultType(for: status))
        error.retryAfter = retryDelay(value?["details"])
        return error
    }

    /// Google's canonical status name for an HTTP status.
    public static func statusName(for status: Int) -> String {
        switch status {
        case 400, 413, 422: "INVALID_ARGUMENT"
        case 401: "UNAUTHENTICATED"
        case 403: "PERMISSION_DENIED"
        case 404: "NOT_FOUND"
        case 409: "ABORTED"
        case 429: "RESOURCE_EXHAUSTED"
        case 499: "CANCELLED"
        case 501: "UNIMPLEMENTED"
        case 502, 503: "UNAVAILABLE"
        case 504: "DEADLINE_EXCEEDED"
        case 400..<500: "FAILED_PRECONDITION"
        default: "INTERNAL"
        }
    }

    /// Whole seconds (rounded up) of a `google.rpc.RetryInfo` detail's `retryDelay` ("34.4s").
    static func retryDelay(_ details: JSONValue?) -> Int? {
        for detail in details?.arrayValue ?? [] {
            guard let delay = detail["retryDelay"]?.stringValue, delay.hasSuffix("s"),
                let seconds = Double(delay.dropLast())
            else { continue }
            return Int(seconds.rounded(.up))
        }
        return nil
    }
}
