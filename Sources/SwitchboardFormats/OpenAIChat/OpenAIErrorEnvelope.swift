public import SwitchboardCore

/// OpenAI's error envelope: `{"error":{"message","type","param","code"}}`.
public enum OpenAIErrorEnvelope {
    public static func encode(_ error: GatewayError) -> JSONValue {
        .object([
            "error": .object([
                "message": .string(error.message),
                "type": .string(error.type),
                "param": error.param.map(JSONValue.string) ?? .null,
                "code": error.code.map(JSONValue.string) ?? .null,
            ])
        ])
    }

    /// Reads an upstream's error body in this envelope, keeping its message, type, code and param.
    public static func decode(_ body: [UInt8], status: Int) -> GatewayError {
        let parsed = try? JSON.parse(body)
        let errorValue = parsed?["error"]
        let message: String
        if let text = errorValue?["message"]?.stringValue ?? errorValue?.stringValue ?? parsed?["message"]?.stringValue {
            message = text
        } else if !body.isEmpty, body.count < 2048, parsed == nil {
            message = "Upstream error (HTTP \(status)): \(String(decoding: body, as: UTF8.self))"
        } else {
            message = "Upstream error (HTTP \(status))."
        }
        return GatewayError(
            .upstreamStatus, message,
            param: errorValue?["param"]?.stringValue,
            status: status,
            code: errorValue?["code"]?.stringValue ?? errorValue?["code"]?.intValue.map(String.init) ?? "upstream_error",
            type: errorValue?["type"]?.stringValue ?? defaultType(for: status)
        )
    }

    static func defaultType(for status: Int) -> String {
        switch status {
        case 400, 404, 409, 413, 422: "invalid_request_error"
        case 401: "authentication_error"
        case 403: "permission_error"
        case 429: "rate_limit_error"
        default: "upstream_error"
        }
    }
}
