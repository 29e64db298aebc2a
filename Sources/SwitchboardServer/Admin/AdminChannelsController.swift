import Hummingbird
import SwitchboardCore
import SwitchboardProviders
import SwitchboardStore
import Foundation

/// `/admin/v1/channels`: the channels of the config file (read-only) and those added at runtime
/// (create, update, enable/disable, delete), each with its health, and a test that sends a tiny
/// request through a channel. Never shows an API key. A change reaches this replica's router at
/// once and every replica's within the refresh interval.
struct AdminChannelsController {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.post("channels", use: create)
        group.get("channels", use: list)
        group.get("channels/{id}", use: show)
        group.patch("channels/{id}", use: update)
        group.delete("channels/{id}", use: remove)
        group.post("channels/{id}/test", use: test)
    }

    @Sendable func create(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let object = try await Self.bodyObject(request)
        let configuration = try ChannelDocument.configuration(from: object)
        let enabled = object["enabled"]?.boolValue ?? true
        try await requireUniqueName(configuration.name, except: nil)
        let stored = StoredChannel(
            id: RandomIdentifier.make("ch_", length: 16), name: configuration.name,
            configJSON: try ChannelDocument.storedJSON(configuration, enabled: enabled, sealer: gateway.channelSealer),
            enabled: enabled)
        try await gateway.store.insertChannel(stored)
        try await gateway.channels.refresh()
        return .json(.object(try channelObject(id: stored.id)), status: .created)
    }

    @Sendable func list(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        var objects: [JSONValue] = gateway.channels.configChannels.map { .object(configObject($0)) }
        objects += gateway.channels.storedChannels.map { .object(storedObject($0)) }
        return .json(.object(["object": "list", "data": .array(objects)]))
    }

    @Sendable func show(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        .json(.object(try channelObject(id: context.parameters.get("id") ?? "")))
    }

    @Sendable func update(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let current = try runtime(id)
        let patch = try await Self.bodyObject(request)
        let existing = try ChannelDocument.configuration(stored: current.stored.configJSON, sealer: gateway.channelSealer)
        var merged = ChannelDocument.object(existing, enabled: current.stored.enabled, apiKey: existing.apiKey)
        for (key, value) in patch { merged[key] = value }
        let configuration = try ChannelDocument.configuration(from: merged)
        let enabled = merged["enabled"]?.boolValue ?? current.stored.enabled
        try await requireUniqueName(configuration.name, except: id)
        var stored = current.stored
        stored.name = configuration.name
        stored.enabled = enabled
        stored.configJSON = try ChannelDocument.storedJSON(configuration, enabled: enabled, sealer: gateway.channelSealer)
        guard try await gateway.store.replaceChannel(stored) else { throw Self.notFound(id) }
        if enabled, patch["enabled"]?.boolValue == true { gateway.breakers.enable(channel: configuration.name) }
        try await gateway.channels.refresh()
        return .json(.object(try channelObject(id: id)))
    }

    @Sendable func remove(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let current = try runtime(id)
        guard try await gateway.store.deleteChannel(id: id) else { throw Self.notFound(id) }
        try await gateway.channels.refresh()
        return .json(.object(["id": .string(id), "object": "channel", "name": .string(current.stored.name), "deleted": .bool(true)]))
    }

    /// Sends "Say OK." (at most 16 tokens) to the channel's first model and reports the latency or the error.
    @Sendable func test(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let channel: Channel
        if let configured = gateway.channels.configChannels.first(where: { Self.configID($0) == id }) {
            channel = configured
        } else {
            let runtime = try runtime(id)
            guard let loaded = runtime.channel else {
                throw GatewayError.invalidRequest("The channel cannot be loaded: \(runtime.loadError ?? "unknown error").")
            }
            channel = loaded
        }
        let clientModel = channel.configuration.servedModels.first ?? ""
        let probe = ChannelProbe(channel: channel, clientModel: clientModel, kind: .chat, maxOutputTokens: 16)
        let started = ContinuousClock.now
        var result: JSONObject = ["id": .string(id), "object": "channel.test", "model": .string(clientModel)]
        do {
            let response = try await probe.send()
            result["ok"] = .bool(true)
            if let response {
                result["reply"] = .string(response.content.compactMap(\.text).joined())
                result["usage"] = .object([
                    "prompt_tokens": .int(response.usage.promptTokens), "completion_tokens": .int(response.usage.completionTokens),
                ])
            }
        } catch {
            let gatewayError = error
            result["ok"] = .bool(false)
            result["status"] = .int(gatewayError.status)
            result["error"] = .string(gatewayError.message)
            gateway.channelStats.recordTest(channel: channel.name, error: gatewayError.message)
        }
        let elapsed = ContinuousClock.now - started
        result["latency_ms"] = .double(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        return .json(.object(result))
    }

    // MARK: - Helpers

    static func bodyObject(_ request: Request) async throws -> JSONObject {
        let body = try await RequestBodyReader.read(request, limit: 1 << 20)
        return try AdminFields(body: body, allowed: ChannelDocument.members).object
    }

    private func runtime(_ id: String) throws(GatewayError) -> ChannelRegistry.Runtime {
        if gateway.channels.configChannels.contains(where: { Self.configID($0) == id }) {
            throw GatewayError(
                .invalidRequest, "The channel '\(id)' comes from the config file; change it there.", param: "id",
                status: 409, code: "channel_from_config")
        }
        guard let runtime = gateway.channels.storedChannels.first(where: { $0.stored.id == id }) else {
            throw Self.notFound(id)
        }
        return runtime
    }

    private func requireUniqueName(_ name: String, except id: String?) async throws {
        let stored = try await gateway.store.listChannels()
        if gateway.channels.configChannels.contains(where: { $0.name == name })
            || stored.contains(where: { $0.name == name && $0.id != id })
        {
            throw GatewayError(.invalidRequest, "A channel named '\(name)' already exists.", param: "name", status: 409, code: "channel_exists")
        }
    }

    static func notFound(_ id: String) -> GatewayError {
        GatewayError(.notFound, "No channel with id '\(id)'.", param: "id")
    }

    /// Config channels are addressed as `config:<name>`.
    static func configID(_ channel: Channel) -> String { "config:\(channel.name)" }

    private func channelObject(id: String) throws(GatewayError) -> JSONObject {
        if let configured = gateway.channels.configChannels.first(where: { Self.configID($0) == id }) {
            return configObject(configured)
        }
        guard let runtime = gateway.channels.storedChannels.first(where: { $0.stored.id == id }) else {
            throw Self.notFound(id)
        }
        return storedObject(runtime)
    }

    private func configObject(_ channel: Channel) -> JSONObject {
        var object = channel.configuration.document(enabled: true)
        object["id"] = .string(Self.configID(channel))
        object["object"] = "channel"
        object["source"] = "config"
        object["health"] = health(channel.name, enabled: true, loadError: nil)
        return object
    }

    private func storedObject(_ runtime: ChannelRegistry.Runtime) -> JSONObject {
        var object: JSONObject = runtime.channel?.configuration.document(enabled: runtime.stored.enabled)
            ?? ["name": .string(runtime.stored.name), "enabled": .bool(runtime.stored.enabled)]
        object["id"] = .string(runtime.stored.id)
        object["object"] = "channel"
        object["source"] = "admin"
        object["created_at"] = .string(AdminDates.format(runtime.stored.createdAt))
        object["updated_at"] = .string(AdminDates.format(runtime.stored.updatedAt))
        object["health"] = health(runtime.stored.name, enabled: runtime.stored.enabled, loadError: runtime.loadError)
        return object
    }

    private func health(_ name: String, enabled: Bool, loadError: String?) -> JSONValue {
        let counters = gateway.channelStats.counters(for: name)
        let breaker = gateway.breakers.snapshot(channel: name)
        let state = loadError != nil ? "error" : !enabled ? "disabled" : breaker.state.rawValue
        return .object([
            "state": .string(state),
            "requests": .int(counters.requests), "failures": .int(counters.failures),
            "last_status": counters.lastStatus.map(JSONValue.int) ?? .null,
            "last_error": (loadError ?? counters.lastError).map(JSONValue.string) ?? .null,
            "last_error_at": counters.lastErrorAt.map { .string(AdminDates.format($0)) } ?? .null,
            "last_used_at": counters.lastUsedAt.map { .string(AdminDates.format($0)) } ?? .null,
            "breakers": breaker.json,
            "probes": .object(JSONObject(gateway.prober.outcomes(channel: name).sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })),
        ])
    }
}

extension ChannelConfiguration {
    /// The channel as the admin API shows it: every setting, never the API key (only whether one is set).
    func document(enabled: Bool) -> JSONObject {
        var object = ChannelDocument.object(self, enabled: enabled, apiKey: nil)
        object["has_api_key"] = .bool(apiKey?.isEmpty == false)
        return object
    }
}
