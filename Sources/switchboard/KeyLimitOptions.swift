import ArgumentParser
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import Foundation

/// The limits of a key as `keys create` and `keys update` take them; mirrors the admin API's
/// fields. In `update`, `none` clears a limit.
struct KeyLimitOptions: ParsableArguments {
    @Option(help: "Allowed model patterns, comma-separated (create default: *).") var models: String?
    @Option(help: "Requests per minute (or none).") var rpm: String?
    @Option(help: "Tokens per minute (or none).") var tpm: String?
    @Option(name: .customLong("max-concurrency"), help: "Requests in flight at once (or none).") var maxConcurrency: String?
    @Option(help: "Budget in USD (or none).") var budget: String?
    @Option(name: .customLong("budget-period"), help: "daily or monthly (or none for a lifetime budget).") var budgetPeriod: String?
    @Option(help: "Expiry date, YYYY-MM-DD or ISO 8601 (or none).") var expires: String?
    @Option(name: .customLong("allowed-ips"), help: "Client addresses or CIDR ranges, comma-separated (or none).") var allowedIPs: String?

    func validate() throws {
        _ = try patch()
    }

    /// The options as a change to a key.
    func patch() throws -> ClientKeyPatch {
        var patch = ClientKeyPatch()
        if let models {
            let patterns = models.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !patterns.isEmpty else { throw ValidationError("--models must name at least one pattern") }
            patch.models = patterns.map(ModelPattern.init)
        }
        if let rpm { patch.rpm = .some(try Self.count(rpm, "--rpm")) }
        if let tpm { patch.tpm = .some(try Self.count(tpm, "--tpm")) }
        if let maxConcurrency { patch.maxConcurrency = .some(try Self.count(maxConcurrency, "--max-concurrency")) }
        if let budget {
            if budget == "none" {
                patch.budgetUSD = .some(nil)
            } else {
                guard let amount = Double(budget), amount >= 0, amount.isFinite else {
                    throw ValidationError("--budget must be a non-negative amount in USD or none")
                }
                patch.budgetUSD = .some(amount)
            }
        }
        if let budgetPeriod {
            if budgetPeriod == "none" {
                patch.budgetPeriod = .some(nil)
            } else {
                guard let period = BudgetPeriod(rawValue: budgetPeriod) else {
                    throw ValidationError("--budget-period must be daily, monthly or none")
                }
                patch.budgetPeriod = .some(period)
            }
        }
        if let expires {
            if expires == "none" {
                patch.expiresAt = .some(nil)
            } else {
                guard let date = KeysCommand.parseDate(expires) else {
                    throw ValidationError("--expires '\(expires)' is not a date (YYYY-MM-DD or ISO 8601)")
                }
                patch.expiresAt = .some(date)
            }
        }
        if let allowedIPs {
            let entries = allowedIPs == "none"
                ? [] : allowedIPs.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            do {
                _ = try IPAllowList(entries)
            } catch {
                throw ValidationError("--allowed-ips: '\(error.entry)' is not an IP address or CIDR range")
            }
            patch.allowedIPs = entries
        }
        return patch
    }

    private static func count(_ text: String, _ option: String) throws -> Int? {
        if text == "none" { return nil }
        guard let value = Int(text), value >= 1 else { throw ValidationError("\(option) must be at least 1 (or none)") }
        return value
    }
}
