import Hummingbird
import ServiceLifecycle

/// Wires the client endpoints for embeddings, moderations and rerank (`POST /v1/embeddings`,
/// `/v1/moderations`, `/v1/rerank`) into the authenticated `/v1` group, and returns the
/// background services they need (none: each request is served while the client waits).
enum EmbeddingsRoutes {
    static func add(to group: RouterGroup<SwitchboardRequestContext>, gateway: Gateway) async throws -> [any Service] {
        EmbeddingsController(gateway: gateway).addRoutes(to: group)
        ModerationsController(gateway: gateway).addRoutes(to: group)
        RerankController(gateway: gateway).addRoutes(to: group)
        return []
    }
}
