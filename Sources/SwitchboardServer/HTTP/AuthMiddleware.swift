import HTTPTypes
import Hummingbird
import SwitchboardCore

/// Authenticates client requests by `Authorization: Bearer <key>` or `x-api-key: <key>` (and, on
/// Gemini's routes, `x-goog-api-key: <key>` or `?key=<key>`) against the in-memory key directory,
/// and puts the key in the request context.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = SwitchboardRequestContext
    let keys: KeyDirectory
    /// Also accept Google's ways of passing a key (the google-genai SDK, Gemini CLI).
    var acceptsGoogleKeys = false

    private static let googleKeyHeader = HTTPField.Name("x-goog-api-key")!
    private static let apiKeyHeader = HTTPField.Name("x-api-key")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let prepared = context.preparedChat {
            context.clientKey = prepared.key
            return try await next(request, context)
        }
        var presented = Self.presentedKey(in: request.headers)
        if presented == nil, acceptsGoogleKeys {
            presented = request.headers.firstValue(Self.googleKeyHeader)
                ?? request.uri.queryParameters["key"].map(String.init)
        }
        context.clientKey = try keys.authenticate(presented, peer: context.connection.remoteAddress?.ipAddress)
        return try await next(request, context)
    }

    static func presentedKey(in headers: some RequestHeaderFields) -> String? {
        if let authorization = headers.firstValue(.authorization) {
            if authorization.hasPrefix("Bearer ") { return String(authorization.utf8.dropFirst(7))! }
            let trimmed = authorization.trimmingPrefix(while: \.isWhitespace)
            if trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " {
                return String(trimmed.dropFirst(7).trimmingPrefix(while: \.isWhitespace))
            }
            return nil
        }
        return headers.firstValue(Self.apiKeyHeader)
    }
}
