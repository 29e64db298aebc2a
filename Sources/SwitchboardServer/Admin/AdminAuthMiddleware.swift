import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardStore

/// Guards the admin API: `Authorization: Bearer <admin_key>` (or `x-api-key`), compared by hash in
/// constant time. Client keys never pass, and the admin key is never a client key.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = SwitchboardRequestContext
    let adminKeyHash: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let presented = AuthMiddleware.presentedKey(in: request.headers), !presented.isEmpty else {
            throw GatewayError(.authentication, "The admin API needs the admin key: Authorization: Bearer <admin_key>.")
        }
        guard KeySecret.constantTimeEquals(KeySecret.hash(presented), adminKeyHash) else {
            throw GatewayError(.authentication, "Incorrect admin key provided.")
        }
        return try await next(request, context)
    }
}
