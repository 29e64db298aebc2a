import Hummingbird
import ServiceLifecycle
import SwitchboardCore
import SwitchboardProviders
import SwitchboardStore
import Foundation

/// Wires the client endpoints for asynchronous media tasks into the authenticated `/v1` group —
/// `POST /v1/tasks` (and its aliases `/v1/video/generations`, `/v1/music/generations`),
/// `GET /v1/tasks`, `GET /v1/tasks/{id}`, `GET /v1/tasks/{id}/content` — and returns the
/// ``TaskPoller`` that drives tasks to their end (started and stopped with the gateway).
///
/// Webhooks are signed with `SWITCHBOARD_WEBHOOK_SECRET` from the environment.
enum TaskRoutes {
    static func add(to group: RouterGroup<SwitchboardRequestContext>, gateway: Gateway) async throws -> [any Service] {
        let secret = ProcessInfo.processInfo.environment["SWITCHBOARD_WEBHOOK_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        let submitter = TaskSubmitter(gateway: gateway, webhookSecret: secret)
        let reader = TaskReader(gateway: gateway)
        for path in ["tasks", "video/generations", "music/generations"] {
            group.post(RouterPath(path), use: submitter.submit)
        }
        group.get("tasks", use: reader.list)
        group.get("tasks/{id}", use: reader.show)
        group.get("tasks/{id}/content", use: reader.content)
        let webhooks = TaskWebhookSender(secret: secret, logger: gateway.logger)
        return [TaskPoller(gateway: gateway, store: gateway.store, webhooks: webhooks)]
    }
}
