import SwitchboardCore
import SwitchboardProviders
import SwitchboardStore

/// A runtime channel as JSON: the admin API's request and response shape and, with the API key
/// sealed, what the store keeps. Member names follow the config file (`base_url`, `model_map`...).
enum ChannelDocument {
    static let members: Set<String> = [
        "name", "provider", "base_url", "api_key", "models", "model_map", "priority", "weight", "timeouts",
        "headers", "stream_usage", "responses", "responses_only", "enabled", "probe", "capabilities",
    ]

    /// Validates a whole document (a create, or a stored document with a patch laid over it).
    static func configuration(from object: JSONObject) throws(GatewayError) -> ChannelConfiguration {
        let fields = try AdminFields(object: object, allowed: members)
        let name = try fields.requiredString("name")
        let providerName = try fields.requiredString("provider")
        guard let provider = ProviderKind(rawValue: providerName) else {
            let kinds = ProviderKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw GatewayError.invalidRequest("Unknown provider '\(providerName)' (expected one of: \(kinds)).", param: "provider")
        }
        var channel = ChannelConfiguration(name: name, provider: provider)
        channel.baseURL = (try fields.string("base_url") ?? nil) ?? ChannelConfiguration.defaultBaseURL(for: provider) ?? ""
        channel.apiKey = try fields.string("api_key") ?? nil
        channel.models = try fields.strings("models") ?? []
        channel.modelMap = try fields.stringMap("model_map") ?? [:]
        channel.priority = (try fields.int("priority", minimum: Int.min) ?? nil) ?? 0
        channel.weight = (try fields.int("weight") ?? nil) ?? 1
        channel.headers = try fields.stringMap("headers") ?? [:]
        channel.streamUsage = try fields.bool("stream_usage") ?? true
        channel.responses = try fields.bool("responses") ?? false
        channel.responsesOnlyModels = Set(try fields.strings("responses_only") ?? [])
        if let timeouts = object["timeouts"], !timeouts.isNull {
            channel.timeouts = try Self.timeouts(timeouts)
        }
        if let probe = object["probe"], !probe.isNull {
            channel.probe = try Self.probe(probe)
        }
        if let capabilities = object["capabilities"], !capabilities.isNull {
            channel.capabilities = try Self.capabilities(capabilities)
        }
        if channel.servedModels.isEmpty {
            throw GatewayError.invalidRequest("A channel needs 'models' or a 'model_map'.", param: "models")
        }
        if provider != .mock {
            guard channel.baseURL.hasPrefix("http://") || channel.baseURL.hasPrefix("https://") else {
                throw GatewayError.invalidRequest(
                    "A '\(providerName)' channel needs a 'base_url' starting with http:// or https://.", param: "base_url")
            }
        }
        for model in channel.responsesOnlyModels.sorted() where !channel.servedModels.contains(model) {
            throw GatewayError.invalidRequest("'\(model)' in 'responses_only' is not among the channel's models.", param: "responses_only")
        }
        if !channel.responsesOnlyModels.isEmpty, !channel.servesResponses {
            throw GatewayError.invalidRequest(
                "'responses_only' needs a channel that serves the Responses API (provider openai, or responses: true).",
                param: "responses_only")
        }
        return channel
    }

    private static func timeouts(_ value: JSONValue) throws(GatewayError) -> ChannelTimeouts {
        guard let object = value.objectValue else {
            throw GatewayError.invalidRequest("'timeouts' must be an object.", param: "timeouts")
        }
        let fields = try AdminFields(object: object, allowed: ["connect", "first_byte", "idle", "total"])
        var timeouts = ChannelTimeouts()
        for (key, path) in [("connect", \ChannelTimeouts.connect), ("first_byte", \.firstByte), ("idle", \.idle), ("total", \.total)] {
            if let seconds = try fields.double(key) ?? nil {
                guard seconds > 0 else {
                    throw GatewayError.invalidRequest("'timeouts.\(key)' must be a positive number of seconds.", param: "timeouts.\(key)")
                }
                timeouts[keyPath: path] = seconds
            }
        }
        return timeouts
    }

    /// `probe: {interval, models}` (null: no probes).
    private static func probe(_ value: JSONValue) throws(GatewayError) -> ChannelProbeSettings {
        guard let object = value.objectValue else {
            throw GatewayError.invalidRequest("'probe' must be an object with 'interval' (seconds) and optional 'models'.", param: "probe")
        }
        let fields = try AdminFields(object: object, allowed: ["interval", "models"])
        let interval = (try fields.double("interval") ?? nil) ?? ChannelProbeSettings.defaultInterval
        guard interval >= 1 else {
            throw GatewayError.invalidRequest("'probe.interval' must be at least 1 second.", param: "probe.interval")
        }
        return ChannelProbeSettings(interval: interval, models: try fields.strings("models") ?? [])
    }

    /// `capabilities: {tools, vision}`; what is not named stays supported.
    private static func capabilities(_ value: JSONValue) throws(GatewayError) -> ChannelCapabilities {
        guard let object = value.objectValue else {
            throw GatewayError.invalidRequest("'capabilities' must be an object like {\"tools\": false}.", param: "capabilities")
        }
        let fields = try AdminFields(object: object, allowed: ["tools", "vision"])
        return ChannelCapabilities(tools: try fields.bool("tools") ?? true, vision: try fields.bool("vision") ?? true)
    }

    /// The document of a configuration; the API key only when `includingKey` (for the store).
    static func object(_ channel: ChannelConfiguration, enabled: Bool, apiKey: String?) -> JSONObject {
        var object: JSONObject = [
            "name": .string(channel.name), "provider": .string(channel.provider.rawValue),
            "base_url": .string(channel.baseURL),
            "models": .array(channel.models.map(JSONValue.string)),
            "model_map": .object(JSONObject(channel.modelMap.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            "priority": .int(channel.priority), "weight": .int(channel.weight),
            "timeouts": .object([
                "connect": .double(channel.timeouts.connect), "first_byte": .double(channel.timeouts.firstByte),
                "idle": .double(channel.timeouts.idle), "total": .double(channel.timeouts.total),
            ]),
            "headers": .object(JSONObject(channel.headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            "stream_usage": .bool(channel.streamUsage), "responses": .bool(channel.responses),
            "responses_only": .array(channel.responsesOnlyModels.sorted().map(JSONValue.string)),
            "enabled": .bool(enabled),
            "probe": channel.probe.map { probe in
                .object(["interval": .double(probe.interval), "models": .array(probe.models.map(JSONValue.string))])
            } ?? .null,
            "capabilities": .object(["tools": .bool(channel.capabilities.tools), "vision": .bool(channel.capabilities.vision)]),
        ]
        if let apiKey { object["api_key"] = .string(apiKey) }
        return object
    }

    /// What the store keeps: the document with the API key sealed when a sealer is configured.
    static func storedJSON(_ channel: ChannelConfiguration, enabled: Bool, sealer: SecretSealer?) throws -> String {
        var object = Self.object(channel, enabled: enabled, apiKey: nil)
        if let apiKey = channel.apiKey {
            if let sealer {
                object["api_key_sealed"] = .string(try sealer.seal(apiKey))
            } else {
                object["api_key"] = .string(apiKey)
            }
        }
        return JSON.string(.object(object))
    }

    /// Reads a stored document back (unsealing the API key).
    static func configuration(stored json: String, sealer: SecretSealer?) throws -> ChannelConfiguration {
        guard var object = try JSON.parse(json).objectValue else { throw GatewayError.invalidRequest("stored channel is not an object") }
        if let sealed = object.removeValue(forKey: "api_key_sealed")?.stringValue {
            guard let sealer else { throw ChannelDocumentError.sealedWithoutKey }
            object["api_key"] = .string(try sealer.open(sealed))
        }
        return try configuration(from: object)
    }
}

/// A stored channel whose API key was sealed but the gateway has no `SWITCHBOARD_ENCRYPTION_KEY`.
enum ChannelDocumentError: Error, CustomStringConvertible {
    case sealedWithoutKey

    var description: String { "the channel's API key is sealed and SWITCHBOARD_ENCRYPTION_KEY is not set" }
}
