import Yams
import SwitchboardProviders
import SwitchboardCore
import SwitchboardStore

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
            case "retries": configuration.retries = parseRetries(value)
            case "breakers": configuration.breakers = parseBreakers(value)
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
            case "max_in_flight": if let limit = loader.positiveInt(value, path) { configuration.maxInFlight = limit }
            case "shutdown_grace":
                guard let seconds = loader.double(value, path) else { return }
                guard seconds >= 0 else { return loader.report(value, path, "must not be negative") }
                configuration.shutdownGrace = seconds
            case "log_bodies": configuration.logBodies = loader.bool(value, path) ?? false
            case "event_loop_relay": configuration.eventLoopRelay = loader.bool(value, path) ?? true
            case "key_refresh_seconds": configuration.keyRefreshInterval = loader.double(value, path) ?? GatewayConfiguration().keyRefreshInterval
            default: loader.report(value, path, "unknown setting '\(key)'")
            }
        }
    }

    /// An integer of at least 1, or a reported problem.
    mutating func positiveInt(_ node: Node, _ path: String) -> Int? {
        guard let value = int(node, path) else { return nil }
        guard value >= 1 else {
            report(node, path, "must be at least 1")
            return nil
        }
        return value
    }

    private mutating func parseKeys(_ node: Node) -> [StaticClientKey] {
        var keys: [StaticClientKey] = []
        forEachElement(node, "keys") { loader, element, path in
            var name: String?
            var secret: String?
            var models = ["*"]
            var limits = StaticClientKey.Limits()
            loader.forEachMember(element, path) { loader, key, value in
                let field = "\(path).\(key)"
                switch key {
                case "name": name = loader.string(value, field)
                case "key": secret = loader.string(value, field)
                case "models": models = loader.strings(value, field) ?? models
                case "rpm": limits.rpm = loader.positiveInt(value, field)
                case "tpm": limits.tpm = loader.positiveInt(value, field)
                case "max_concurrency": limits.maxConcurrency = loader.positiveInt(value, field)
                case "budget_usd":
                    guard let budget = loader.double(value, field) else { return }
                    guard budget >= 0 else { return loader.report(value, field, "must not be negative") }
                    limits.budgetUSD = budget
                case "budget_period":
                    guard let text = loader.string(value, field) else { return }
                    guard let period = BudgetPeriod(rawValue: text) else {
                        return loader.report(value, field, "must be daily or monthly")
                    }
                    limits.budgetPeriod = period
                default: loader.report(value, field, "unknown setting '\(key)'")
                }
            }
            guard let name else { return loader.report(element, path, "a key needs a 'name'") }
            guard let secret, !secret.isEmpty else { return loader.report(element, path, "a key needs a 'key' (the secret)") }
            if !secret.hasPrefix("sk-") { loader.report(element, "\(path).key", "client keys start with 'sk-'") }
            keys.append(StaticClientKey(name: name, key: secret, models: models, limits: limits))
        }
        return keys
    }

    /// `pricing:`: USD per 1M tokens by model name (per image, audio second or 1M characters for
    /// media models). `input` and `output` are required unless only media prices are given.
    private mutating func parsePricing(_ node: Node) -> [String: ModelPrice] {
        let tokenKeys = ["input", "cached_input", "cache_write", "cache_write_1h", "output", "reasoning"]
        let mediaKeys = ["per_image", "per_audio_second", "per_million_characters"]
        let aliases = ["cache_write_5m": "cache_write"]
        var prices: [String: ModelPrice] = [:]
        forEachMember(node, "pricing") { loader, model, value in
            let path = "pricing.\(model)"
            guard value.mapping != nil else {
                return loader.report(value, path, "expected a mapping of prices, like {input: 1.25, output: 10} (USD per 1M tokens)")
            }
            var amounts: [String: Double] = [:]
            var seen = Set<String>()
            var valid = true
            loader.forEachMember(value, path) { loader, written, number in
                let keyPath = "\(path).\(written)"
                let key = aliases[written] ?? written
                guard tokenKeys.contains(key) || mediaKeys.contains(key) else {
                    valid = false
                    let expected = (tokenKeys + ["cache_write_5m"] + mediaKeys).joined(separator: ", ")
                    return loader.report(number, keyPath, "unknown price '\(written)' (expected one of \(expected))")
                }
                guard seen.insert(key).inserted else {
                    valid = false
                    return loader.report(number, keyPath, "'\(key)' is given twice (cache_write_5m is another name for cache_write)")
                }
                guard let amount = loader.double(number, keyPath) else {
                    valid = false
                    return
                }
                guard amount.isFinite, amount >= 0 else {
                    valid = false
                    return loader.report(number, keyPath, "a price must be zero or more, found '\(number.scalar?.string ?? "\(amount)")'")
                }
                amounts[key] = amount
            }
            let mediaOnly = !seen.isEmpty && seen.isSubset(of: mediaKeys)
            guard mediaOnly || (seen.contains("input") && seen.contains("output")) else {
                return loader.report(value, path, "a price needs 'input' and 'output' (USD per 1M tokens) unless it only has \(mediaKeys.joined(separator: ", "))")
            }
            guard valid else { return }
            prices[model] = ModelPrice(
                input: amounts["input"] ?? 0, cachedInput: amounts["cached_input"], cacheWrite: amounts["cache_write"],
                cacheWrite1h: amounts["cache_write_1h"], output: amounts["output"] ?? 0, reasoning: amounts["reasoning"],
                perImage: amounts["per_image"], perAudioSecond: amounts["per_audio_second"],
                perMillionCharacters: amounts["per_million_characters"])
        }
        return prices
    }

    /// `retries: {attempts: 3, backoff: 0.05, max_backoff: 2, max_retry_after: 10}` (seconds).
    private mutating func parseRetries(_ node: Node) -> RetryPolicy {
        var policy = RetryPolicy()
        forEachMember(node, "retries") { loader, key, value in
            let field = "retries.\(key)"
            switch key {
            case "attempts": if let attempts = loader.positiveInt(value, field) { policy.attempts = attempts }
            case "backoff", "max_backoff", "max_retry_after":
                guard let seconds = loader.double(value, field) else { return }
                guard seconds >= 0 else { return loader.report(value, field, "must not be negative") }
                let duration = Duration.milliseconds(Int64(seconds * 1000))
                switch key {
                case "backoff": policy.backoff = duration
                case "max_backoff": policy.maxBackoff = duration
                default: policy.maxRetryAfter = duration
                }
            default: loader.report(value, field, "unknown setting '\(key)' (attempts, backoff, max_backoff, max_retry_after)")
            }
        }
        return policy
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
