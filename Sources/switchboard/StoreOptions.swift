import ArgumentParser
import SwitchboardServer

/// Where to find the config and the store; shared by every subcommand that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(help: "Config file (YAML). Default: $SWITCHBOARD_CONFIG, or built-in defaults.")
    var config: String?

    @Option(help: "Database URL (sqlite://FILE). Default: $SWITCHBOARD_DATABASE, or the config's.")
    var database: String?

    func resolve(host: String? = nil, port: Int? = nil) throws -> GatewayConfiguration {
        do {
            return try ConfigurationSource(configPath: config, databaseURL: database, host: host, port: port).resolve()
        } catch {
            let problems = error.diagnostics.map(\.description).joined(separator: "; ")
            throw CommandFailure.badConfig("switchboard: invalid config \(error.file): \(problems)")
        }
    }
}
