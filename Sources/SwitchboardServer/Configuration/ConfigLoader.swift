import Yams
import SwitchboardProviders

/// Reads a YAML config into a ``GatewayConfiguration``, collecting every problem with its line and
/// column instead of stopping at the first.
public struct ConfigLoader {
    let environment: [String: String]
    var diagnostics: [ConfigDiagnostic] = []

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Parses config text; throws a ``ConfigError`` listing every problem.
    public static func load(text: String, file: String, environment: [String: String]) throws(ConfigError) -> GatewayConfiguration {
        var loader = ConfigLoader(environment: environment)
        let configuration = loader.parse(text)
        guard loader.diagnostics.isEmpty, let configuration else {
            throw ConfigError(file: file, diagnostics: loader.diagnostics)
        }
        return configuration
    }

    mutating func parse(_ text: String) -> GatewayConfiguration? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            diagnostics.append(Self.diagnostic(for: error))
            return nil
        } catch {
            diagnostics.append(ConfigDiagnostic(line: nil, column: nil, path: "", message: "\(error)"))
            return nil
        }
        var configuration = GatewayConfiguration()
        guard let root else { return GatewayConfiguration.defaults(environment: environment) }
        guard let mapping = root.mapping else {
            report(root, "", "the config must be a mapping of sections (server, database, channels, ...)")
            return nil
        }
        var sawChannels = false
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "server": parseServer(value, into: &configuration)
            case "database": configuration.databaseURL = string(value, "database") ?? configuration.databaseURL
            case "admin_key": configuration.adminKey = string(value, "admin_key")
            case "keys": configuration.keys = parseKeys(value)
            case "channels":
                sawChannels = true
                configuration.channels = parseChannels(value)
            case "pricing": configuration.pricing = parsePricing(value)
            case "fallbacks": configuration.fallbacks = parseFallbacks(value)
            default: report(keyNode, key, "unknown section '\(key)'")
            }
        }
        if !sawChannels {
            configuration.channels = EnvironmentChannels.channels(environment: environment)
        }
        checkUniqueChannelNames(configuration.channels, mapping: mapping)
        return configuration
    }

    private mutating func parseServer(_ node: Node, into configuration: inout GatewayConfiguration) {
        forEachMember(node, "server") { loader, key, value in
            let path = "server.\(key)"
            switch key {
            case "host": configuration.host = loader.string(value, path) ?? configuration.host
            case "port":
                if let port = loader.int(value, path) {
                    if (0...65535).contains(port) { configuration.port = port } else { loader.report(value, path, "must be a port number (0-65535)") }
                }
            case "max_body_bytes":
                if let bytes = loader.int(value, path) {
                    if bytes > 0 { configuration.maxBodyBytes = bytes } else { loader.report(value, path, "must be positive") }
                }
            case "idle_timeout":
                if let seconds = loader.double(value, path) {
                    if seconds > 0 { configuration.idleTimeout = seconds } else { loader.report(value, path, "must be a positive number of seconds") }
                }
            case "log_bodies": configuration.logBodies = loader.bool(value, path) ?? false
            case "key_refresh_seconds": configuration.keyRefreshInterval = loader.double(value, path) ?? 0.5
            default: loader.report(value, path, "unknown setting '\(key)'")
            }
        }
    }

    private mutating func parseKeys(_ node: Node) -> [StaticClientKey] {
        var keys: [StaticClientKey] = []
        forEachElement(node, "keys") { loader, element, path in
            var name: String?
            var secret: String?
            var models = ["*"]
            loader.forEachMember(element, path) { loader, key, value in
                switch key {
                case "name": name = loader.string(value, "\(path).name")
                case "key": secret = loader.string(value, "\(path).key")
                case "models": models = loader.strings(value, "\(path).models") ?? models
                default: loader.report(value, "\(path).\(key)", "unknown setting '\(key)'")
                }
            }
            guard let name else { return loader.report(element, path, "a key needs a 'name'") }
            guard let secret, !secret.isEmpty else { return loader.report(element, path, "a key needs a 'key' (the secret)") }
            if !secret.hasPrefix("sk-") { loader.report(element, "\(path).key", "client keys start with 'sk-'") }
            keys.append(StaticClientKey(name: name, key: secret, models: models))
        }
        return keys
    }

    private mutating func parsePricing(_ node: Node) -> [String: ModelPrice] {
        var prices: [String: ModelPrice] = [:]
        forEachMember(node, "pricing") { loader, model, value in
            var input: Double?
            var cached: Double?
            var output: Double?
            loader.forEachMember(value, "pricing.\(model)") { loader, key, number in
                let path = "pricing.\(model).\(key)"
                switch key {
                case "input": input = loader.double(number, path)
                case "cached_input": cached = loader.double(number, path)
                case "output": output = loader.double(number, path)
                default: break
                }
            }
            guard let input, let output else {
                return loader.report(value, "pricing.\(model)", "a price needs 'input' and 'output' (USD per 1M tokens)")
            }
            prices[model] = ModelPrice(input: input, cachedInput: cached, output: output)
        }
        return prices
    }

    private mutating func parseFallbacks(_ node: Node) -> [String: [String]] {
        var fallbacks: [String: [String]] = [:]
        forEachMember(node, "fallbacks") { loader, model, value in
            fallbacks[model] = loader.strings(value, "fallbacks.\(model)")
        }
        return fallbacks
    }

    private mutating func checkUniqueChannelNames(_ channels: [ChannelConfiguration], mapping: Node.Mapping) {
        var seen = Set<String>()
        for channel in channels where !seen.insert(channel.name).inserted {
            let node = mapping["channels"] ?? Node("")
            report(node, "channels", "two channels are named '\(channel.name)'")
        }
    }
}
