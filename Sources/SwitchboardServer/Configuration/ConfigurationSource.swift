public import Foundation

/// Finds the configuration the way every command does: `--config` or `SWITCHBOARD_CONFIG`, then
/// `--database` or `SWITCHBOARD_DATABASE` over the file's `database`, then `--host`/`--port`.
public struct ConfigurationSource: Sendable {
    public var configPath: String?
    public var databaseURL: String?
    public var host: String?
    public var port: Int?
    public var environment: [String: String]

    public init(
        configPath: String? = nil, databaseURL: String? = nil, host: String? = nil, port: Int? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.configPath = configPath
        self.databaseURL = databaseURL
        self.host = host
        self.port = port
        self.environment = environment
    }

    /// The effective configuration; throws ``ConfigError`` for an unreadable or invalid file.
    public func resolve() throws(ConfigError) -> GatewayConfiguration {
        var configuration: GatewayConfiguration
        if let path = configPath ?? environment["SWITCHBOARD_CONFIG"], !path.isEmpty {
            configuration = try Self.load(path: path, environment: environment)
        } else {
            configuration = .defaults(environment: environment)
        }
        if let url = databaseURL ?? environment["SWITCHBOARD_DATABASE"], !url.isEmpty {
            configuration.databaseURL = url
        }
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        return configuration
    }

    public static func load(path: String, environment: [String: String]) throws(ConfigError) -> GatewayConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, diagnostics: [
                ConfigDiagnostic(line: nil, column: nil, path: "", message: "cannot read the file")
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, diagnostics: [
                ConfigDiagnostic(line: nil, column: nil, path: "", message: "the file is not UTF-8 text")
            ])
        }
        return try ConfigLoader.load(text: text, file: path, environment: environment)
    }
}
