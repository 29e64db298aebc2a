import ArgumentParser
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import Foundation

/// `switchboard usage`: the admin API's usage report from the command line, read straight from the
/// store the gateway writes (found exactly as `serve` finds it).
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Show requests, tokens and cost, in total or grouped.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Group by key, model, channel, day or hour (UTC). Default: one total row.") var groupBy: String?
    @Option(help: "From this date (YYYY-MM-DD or ISO 8601), inclusive.") var since: String?
    @Option(help: "Until this date (YYYY-MM-DD or ISO 8601), exclusive.") var until: String?
    @Option(name: .customLong("key-id"), help: "Only this key's requests.") var keyID: String?
    @Option(help: "Only this model's requests.") var model: String?
    @Option(help: "Only this channel's requests.") var channel: String?
    @Flag(help: "Print CSV (RFC 4180) instead of a table.") var csv = false

    func validate() throws {
        _ = try query()
    }

    func run() async throws {
        let query = try query()
        let sqlStore = try await KeysCommand.openStore(store)
        let aggregates: [UsageAggregate]
        do {
            aggregates = try await sqlStore.usageSummary(query)
        } catch {
            await sqlStore.close()
            throw CommandFailure.runtime("switchboard: cannot read usage: \(error)")
        }
        await sqlStore.close()
        print(csv ? UsageCSV.render(aggregates) : UsageTable.render(aggregates, groupedBy: query.groupBy), terminator: "")
    }

    /// The options as a query, refused with the option's name when a value is invalid (exit code 2).
    private func query() throws -> UsageQuery {
        do {
            return try UsageQuery(
                groupBy: groupBy, since: since, until: until, keyID: keyID, model: model, channel: channel)
        } catch {
            var message = error.message
            for parameter in ["group_by", "since", "until"] {
                message = message.replacingOccurrences(
                    of: "'\(parameter)'", with: "--" + parameter.replacingOccurrences(of: "_", with: "-"))
            }
            throw ValidationError(message)
        }
    }
}
