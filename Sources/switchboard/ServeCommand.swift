import ArgumentParser
import Hummingbird
import Logging
import ServiceLifecycle
import SwitchboardServer
import Foundation

/// `switchboard serve`: runs the gateway until SIGTERM/SIGINT, then drains usage records.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the gateway.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default 8080).")
    var port: Int?

    func run() async throws {
        let configuration = try store.resolve(host: host, port: port)
        let logger = Logging.makeLogger()
        let built = try await Self.startingUp {
            try await buildApplication(configuration: configuration, logger: logger)
        }
        if let secret = try await Self.startingUp({ try await built.gateway.createInitialKeyIfNeeded() }) {
            Self.say("Created a client key (shown only this once; store it now):\n  \(secret)")
        }
        if let adminKey = built.gateway.generatedAdminKey {
            Self.say("Created the admin key for /admin/v1 (shown only this once; store it now, or set admin_key):\n  \(adminKey)")
        }
        let models = built.gateway.router.modelNames.joined(separator: ", ")
        Self.say("Switchboard listening on http://\(configuration.host):\(configuration.port)/v1  models: \(models)")
        do {
            // The deadline runs after the application so it hears SIGTERM/SIGINT first and starts
            // the shutdown grace period while the server drains.
            try await ServiceGroup(
                configuration: .init(
                    services: [built.application, built.gateway.shutdownDeadline],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: built.gateway.logger)
            ).run()
        } catch {
            await built.gateway.shutdown()
            throw CommandFailure.runtime("switchboard: \(error)")
        }
        await built.gateway.shutdown()
    }
}

extension ServeCommand {
    /// Runs a start-up step, reporting its failure as a runtime failure (exit 1).
    static func startingUp<Value>(_ step: () async throws -> Value) async throws -> Value {
        do {
            return try await step()
        } catch {
            throw CommandFailure.runtime("switchboard: cannot start: \(error)")
        }
    }

    /// Writes a line to stdout at once (unbuffered, so a supervising process sees it).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

enum Logging {
    /// A stderr logger at `SWITCHBOARD_LOG_LEVEL` (default info).
    static func makeLogger() -> Logger {
        var logger = Logger(label: "switchboard", factory: LazyMetadataLogHandler.init(label:))
        let level = ProcessInfo.processInfo.environment["SWITCHBOARD_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .info
        return logger
    }
}
