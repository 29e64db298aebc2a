import SwitchboardCore
import SwitchboardProviders
import Foundation

/// A client's task submission (`POST /v1/tasks`, `/v1/video/generations`, `/v1/music/generations`),
/// checked: a `model`, an optional string `prompt` and `action`, an optional `webhook_url`; every
/// other field is the provider's and goes upstream as it came.
struct TaskRequest: Sendable {
    let model: String
    /// The body without the gateway's own fields (`webhook_url`).
    let fields: JSONObject
    let webhookURL: String?

    /// Reads a body; 400 naming the field for anything wrong. `webhookSecret` is the operator's
    /// `SWITCHBOARD_WEBHOOK_SECRET`: without it a `webhook_url` cannot be signed, so it is refused.
    static func parse(body: [UInt8], webhookSecret: String?) throws(GatewayError) -> TaskRequest {
        let document: JSONValue
        do {
            document = try JSON.parse(body)
        } catch {
            throw GatewayError.invalidRequest("The request body is not valid JSON (\(error)).")
        }
        guard var fields = document.objectValue else {
            throw GatewayError.invalidRequest("The request body must be a JSON object, not \(document.kindName).")
        }
        guard let modelValue = fields["model"] else {
            throw GatewayError.invalidRequest("You must provide a model parameter.", param: "model")
        }
        guard let model = modelValue.stringValue, !model.isEmpty else {
            throw GatewayError.invalidRequest("`model` must be a non-empty string, not \(modelValue.kindName).", param: "model")
        }
        for name in ["prompt", "action"] {
            if let value = fields[name], value.stringValue == nil {
                throw GatewayError.invalidRequest("`\(name)` must be a string, not \(value.kindName).", param: name)
            }
        }
        var webhookURL: String?
        if let value = fields.removeValue(forKey: "webhook_url"), !value.isNull {
            webhookURL = try checkWebhook(value, secret: webhookSecret)
        }
        return TaskRequest(model: model, fields: fields, webhookURL: webhookURL)
    }

    static func checkWebhook(_ value: JSONValue, secret: String?) throws(GatewayError) -> String {
        guard let text = value.stringValue else {
            throw GatewayError.invalidRequest("`webhook_url` must be a string, not \(value.kindName).", param: "webhook_url")
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty
        else {
            throw GatewayError.invalidRequest("`webhook_url` must be an http:// or https:// URL.", param: "webhook_url")
        }
        guard let secret, !secret.isEmpty else {
            throw GatewayError.invalidRequest(
                "`webhook_url` needs the gateway to sign its webhooks, and SWITCHBOARD_WEBHOOK_SECRET is not set on this gateway.",
                param: "webhook_url")
        }
        return text
    }

    /// Seconds of media asked for (`seconds` or `duration`), for the budget reservation's estimate.
    var requestedSeconds: Double? { TaskJob.requestedSeconds(in: fields) }
}
