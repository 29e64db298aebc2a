/// Every failure the gateway reports to a client, in one type.
///
/// A `kind` fixes the HTTP status and the default OpenAI `type`/`code`; each format's encoder
/// renders it in its own envelope. Errors passed on from an upstream keep the upstream's status
/// and body so the client sees the provider's own message.
public struct GatewayError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case authentication
        case permission
        case modelNotFound
        case notFound
        case invalidRequest
        case requestTooLarge
        case rateLimited
        case insufficientQuota
        /// The upstream answered with an error status; passed on with its status and message.
        case upstreamStatus
        /// The upstream could not be reached or answered something unusable.
        case upstreamUnavailable
        case upstreamTimeout
        case unavailable
        case internalError
    }

    public var kind: Kind
    public var message: String
    /// The request field at fault, when there is one.
    public var param: String?
    /// Overrides the kind's default status (used for upstream statuses passed on).
    public var statusOverride: Int?
    /// Overrides the kind's default code (an upstream's own `code`, for instance).
    public var codeOverride: String?
    /// Overrides the kind's default type.
    public var typeOverride: String?
    /// Seconds the client should wait before retrying, sent as `Retry-After`.
    public var retryAfter: Int?

    public init(
        _ kind: Kind, _ message: String, param: String? = nil, status: Int? = nil,
        code: String? = nil, type: String? = nil, retryAfter: Int? = nil
    ) {
        self.kind = kind
        self.message = message
        self.param = param
        self.statusOverride = status
        self.codeOverride = code
        self.typeOverride = type
        self.retryAfter = retryAfter
    }

    public var status: Int {
        if let statusOverride { return statusOverride }
        switch kind {
        case .authentication: return 401
        case .permission: return 403
        case .modelNotFound, .notFound: return 404
        case .invalidRequest: return 400
        case .requestTooLarge: return 413
        case .rateLimited, .insufficientQuota: return 429
        case .upstreamStatus, .upstreamUnavailable: return 502
        case .upstreamTimeout: return 504
        case .unavailable: return 503
        case .internalError: return 500
        }
    }

    /// OpenAI's `error.type`.
    public var type: String {
        if let typeOverride { return typeOverride }
        switch kind {
        case .authentication: return "authentication_error"
        case .permission: return "permission_error"
        case .modelNotFound, .notFound, .invalidRequest, .requestTooLarge: return "invalid_request_error"
        case .rateLimited: return "rate_limit_error"
        case .insufficientQuota: return "insufficient_quota"
        case .upstreamStatus, .upstreamUnavailable, .upstreamTimeout: return "upstream_error"
        case .unavailable: return "service_unavailable"
        case .internalError: return "server_error"
        }
    }

    /// OpenAI's `error.code`.
    public var code: String? {
        if let codeOverride { return codeOverride }
        switch kind {
        case .authentication: return "invalid_api_key"
        case .permission: return "model_not_allowed"
        case .modelNotFound: return "model_not_found"
        case .notFound: return "not_found"
        case .invalidRequest: return "invalid_request"
        case .requestTooLarge: return "request_too_large"
        case .rateLimited: return "rate_limit_exceeded"
        case .insufficientQuota: return "insufficient_quota"
        case .upstreamStatus, .upstreamUnavailable: return "upstream_error"
        case .upstreamTimeout: return "upstream_timeout"
        case .unavailable: return "service_unavailable"
        case .internalError: return "internal_error"
        }
    }

    public var description: String { "\(status) \(type): \(message)" }

    public static func invalidRequest(_ message: String, param: String? = nil) -> GatewayError {
        GatewayError(.invalidRequest, message, param: param)
    }
}
