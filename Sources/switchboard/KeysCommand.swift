import ArgumentParser
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import Foundation

/// `switchboard keys create|list|show|update|revoke`: manages stored client keys, as the admin
/// API does. A running gateway sees every change within its key refresh interval (0.5 s).
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage client API keys.",
        subcommands: [Create.self, List.self, Show.self, Update.self, Revoke.self])

    static func openStore(_ options: StoreOptions) async throws -> SQLStore {
        let configuration = try options.resolve()
        do {
            return try await SQLStore.open(try DatabaseLocation(url: configuration.databaseURL))
        } catch let error as StoreError {
            throw CommandFailure.badConfig("switchboard: \(error)")
        } catch {
            throw CommandFailure.runtime("switchboard: cannot open the store: \(error)")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print its secret once.")

        @OptionGroup var store: StoreOptions
        @Option(help: "A name for the key.") var name: String
        @OptionGroup var limits: KeyLimitOptions

        func validate() throws {
            if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name must not be empty") }
        }

        func run() async throws {
            let sqlStore = try await KeysCommand.openStore(store)
            let shaped = try limits.patch().applied(to: ClientKey(id: "", name: name, keyHash: "", hint: ""))
            do {
                let (key, secret) = try await sqlStore.createKey(
                    NewClientKey(name: name, limits: shaped.limits, expiresAt: shaped.expiresAt))
                print(secret)
                FileHandle.standardError.write(Data("Created key \(key.id) (\(key.name)). The secret above is shown only once.\n".utf8))
            } catch {
                await sqlStore.close()
                throw CommandFailure.runtime("switchboard: cannot create the key: \(error)")
            }
            await sqlStore.close()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let sqlStore = try await KeysCommand.openStore(store)
            let keys = try await sqlStore.listKeys()
            await sqlStore.close()
            let formatter = ISO8601DateFormatter()
            var rows = [["ID", "NAME", "KEY", "MODELS", "RPM", "TPM", "BUDGET", "STATUS", "CREATED"]]
            for key in keys {
                let limits = key.limits
                rows.append([
                    key.id, key.name, key.hint, limits.models.map(\.pattern).joined(separator: ","),
                    limits.rpm.map(String.init) ?? "-", limits.tpm.map(String.init) ?? "-",
                    limits.budgetUSD.map { "$\($0)" + (limits.budgetPeriod.map { "/\($0.rawValue)" } ?? "") } ?? "-",
                    KeysCommand.status(of: key), formatter.string(from: key.createdAt),
                ])
            }
            // Tab-separated, so scripts can read it (`cut -f1`).
            print(rows.map { $0.joined(separator: "\t") }.joined(separator: "\n"))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one key's settings.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The key's id (see `keys list`).") var id: String

        func run() async throws {
            let sqlStore = try await KeysCommand.openStore(store)
            let key = try await sqlStore.key(id: id)
            await sqlStore.close()
            guard let key else { throw CommandFailure.runtime("switchboard: no key with id '\(id)'") }
            KeysCommand.printDetails(key)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a key's name or limits (none clears a limit).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The key's id (see `keys list`).") var id: String
        @Option(help: "A new name.") var name: String?
        @OptionGroup var limits: KeyLimitOptions

        func run() async throws {
            var patch = try limits.patch()
            patch.name = name
            let sqlStore = try await KeysCommand.openStore(store)
            let updated = try await sqlStore.updateKey(id: id, patch)
            await sqlStore.close()
            guard let updated else { throw CommandFailure.runtime("switchboard: no key with id '\(id)'") }
            KeysCommand.printDetails(updated)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by id.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The key's id (see `keys list`).") var id: String

        func run() async throws {
            let sqlStore = try await KeysCommand.openStore(store)
            let revoked = try await sqlStore.revokeKey(id: id)
            await sqlStore.close()
            guard revoked else { throw CommandFailure.runtime("switchboard: no active key with id '\(id)'") }
            print("Revoked \(id).")
        }
    }

    static func status(of key: ClientKey) -> String {
        key.revokedAt != nil ? "revoked" : key.isActive() ? "active" : "expired"
    }

    static func printDetails(_ key: ClientKey) {
        let formatter = ISO8601DateFormatter()
        let limits = key.limits
        let lines: [(String, String)] = [
            ("id", key.id), ("name", key.name), ("key", key.hint), ("status", status(of: key)),
            ("models", limits.models.map(\.pattern).joined(separator: ",")),
            ("rpm", limits.rpm.map(String.init) ?? "-"), ("tpm", limits.tpm.map(String.init) ?? "-"),
            ("max_concurrency", limits.maxConcurrency.map(String.init) ?? "-"),
            ("budget_usd", limits.budgetUSD.map { "\($0)" } ?? "-"),
            ("budget_period", limits.budgetPeriod?.rawValue ?? "-"),
            ("allowed_ips", limits.allowedIPs.isEmpty ? "any" : limits.allowedIPs.joined(separator: ",")),
            ("expires_at", key.expiresAt.map(formatter.string(from:)) ?? "-"),
            ("created_at", formatter.string(from: key.createdAt)),
        ]
        print(TextTable.render(lines.map { [$0.0, $0.1] }))
    }

    static func parseDate(_ text: String) -> Date? {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.date(from: text)
    }
}
