import SwitchboardCore

/// The provider wire formats the test upstream speaks, with what differs between them: where
/// their captures live, their error envelope and how their streams are framed.
enum TestUpstreamWire: Sendable {
    case chat
    case responses
    case anthropic
    case gemini

    /// The folder of `Fixtures/` holding the format's captures.
    var fixtureFolder: String {
        switch self {
        case .chat, .responses: "openai"
        case .anthropic: "anthropic"
        case .gemini: "gemini"
        }
    }

    /// An error body in the format's own envelope; `type` overrides the envelope's type (OpenAI
    /// `type`, Anthropic `error.type`, Gemini `status`), which otherwise follows the status.
    func errorBody(status: Int, message: String, type: String? = nil) -> String {
        switch self {
        case .chat, .responses:
            return JSON.string(.object(["error": .object([
                "message": .string(message), "type": .string(type ?? "upstream_test_error"),
                "param": .null, "code": .string("injected_\(status)"),
            ])]))
        case .anthropic:
            return JSON.string(.object(["type": "error", "error": .object([
                "type": .string(type ?? Self.anthropicErrorType(status: status)), "message": .string(message),
            ])]))
        case .gemini:
            return JSON.string(.object(["error": .object([
                "code": .int(status), "message": .string(message), "status": .string(type ?? Self.geminiStatus(status: status)),
            ])]))
        }
    }

    static func anthropicErrorType(status: Int) -> String {
        switch status {
        case 400: "invalid_request_error"
        case 401: "authentication_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 429: "rate_limit_error"
        case 529: "overloaded_error"
        default: "api_error"
        }
    }

    static func geminiStatus(status: Int) -> String {
        switch status {
        case 400: "INVALID_ARGUMENT"
        case 401: "UNAUTHENTICATED"
        case 403: "PERMISSION_DENIED"
        case 404: "NOT_FOUND"
        case 429: "RESOURCE_EXHAUSTED"
        case 503: "UNAVAILABLE"
        case 504: "DEADLINE_EXCEEDED"
        default: "INTERNAL"
        }
    }

    /// A 200 body that is cut off mid-JSON.
    var brokenJSON: String {
        switch self {
        case .chat: #"{"id": "chatcmpl-broken", "choices": ["#
        case .responses: #"{"id": "resp_broken", "object": "response", "output": ["#
        case .anthropic: #"{"id": "msg_broken", "type": "message", "content": ["#
        case .gemini: #"{"candidates": [{"content": {"parts": ["#
        }
    }

    /// The events that report a failure inside a stream, as the provider sends them.
    var streamErrorEvents: [TestUpstreamStreamPayload] {
        let message = "Injected failure in the stream"
        switch self {
        case .chat:
            return [.init(#"{"error":{"message":"\#(message)","type":"server_error","param":null,"code":"injected_stream_error"}}"#)]
        case .anthropic:
            return [.init(event: "error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)]
        case .responses:
            return [
                .init(event: "error", #"{"type":"error","sequence_number":2,"error":{"type":"server_error","code":"server_error","message":"\#(message)","param":null}}"#),
                .init(event: "response.failed", #"{"type":"response.failed","sequence_number":3,"response":{"id":"resp_injected_failure","object":"response","created_at":1,"status":"failed","error":{"code":"server_error","message":"\#(message)"},"incomplete_details":null,"model":"gpt-4o","output":[],"usage":null}}"#),
            ]
        case .gemini:
            return [.init(#"{"error":{"code":500,"message":"\#(message)","status":"INTERNAL"}}"#)]
        }
    }
}

/// One stream event's payload and its SSE event name, before framing.
struct TestUpstreamStreamPayload: Sendable {
    var event: String?
    var data: [UInt8]

    init(event: String? = nil, _ data: String) {
        self.event = event
        self.data = Array(data.utf8)
    }

    init(event: String?, bytes: [UInt8]) {
        self.event = event
        self.data = bytes
    }
}
