import ArgumentParser
import SwitchboardServer
import Foundation

/// `switchboard config check FILE`: validates a config and prints every problem with its location.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with config files.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a config file.")
        @Argument(help: "The config file.") var file: String

        func run() async throws {
            do {
                let configuration = try ConfigurationSource.load(path: file, environment: ProcessInfo.processInfo.environment)
                let models = Set(configuration.channels.flatMap(\.servedModels)).count
                print("\(file): OK (\(configuration.channels.count) channels, \(models) models, \(configuration.keys.count) static keys)")
            } catch {
                print(error.description)
                throw CommandFailure.badConfig("switchboard: \(file): \(error.diagnostics.count) problem(s)")
            }
        }
    }
}
