import Hummingbird
import SwitchboardCore
import SwitchboardStore
import Foundation

/// `GET /v1/models` and `GET /v1/models/{id}`: the models the calling key may use, across channels.
struct ModelsController {
    let gateway: Gateway
    let created = Int(Date().timeIntervalSince1970)

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.get("models", use: list)
        group.get("models/{id}", use: show)
    }

    @Sendable func list(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let models = gateway.router.modelNames.filter { context.clientKey?.models.allows($0) ?? false }
        return .json(.object(["object": "list", "data": .array(models.map(modelObject))]))
    }

    @Sendable func show(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard gateway.router.serves(id), context.clientKey?.models.allows(id) ?? false else {
            throw GatewayError(.modelNotFound, "The model '\(id)' does not exist or you do not have access to it.", param: "model")
        }
        return .json(modelObject(id))
    }

    private func modelObject(_ id: String) -> JSONValue {
        let owner = gateway.router.candidates(for: id).first?.channel.configuration.provider.rawValue ?? "switchboard"
        return .object([
            "id": .string(id), "object": "model", "created": .int(created), "owned_by": .string(owner),
        ])
    }
}
