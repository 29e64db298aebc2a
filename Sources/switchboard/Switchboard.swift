import ArgumentParser
import Foundation

/// The `switchboard` command: a thin shell over the library; each subcommand in its own file.
@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "One base URL and one key for every model: a self-hosted LLM API gateway.",
        subcommands: [ServeCommand.self, KeysCommand.self, ConfigCommand.self, UsageCommand.self],
        defaultSubcommand: nil
    )

    /// Runs the command with the project's exit codes: 0 success, 1 runtime failure, 2 bad usage
    /// or bad config, with a one-line reason on stderr.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data((failure.message + "\n").utf8))
            Foundation.exit(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "error"
            FileHandle.standardError.write(Data(("switchboard: \(message)\n").utf8))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue == 0 ? 0 : 1)
        }
    }
}

/// A failure with the exit code it maps to.
struct CommandFailure: Error {
    let message: String
    let exitCode: Int32

    static func badConfig(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 2) }
    static func runtime(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 1) }
}
