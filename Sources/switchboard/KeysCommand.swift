import ArgumentParser
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import Foundation

/// `switchboard keys create|list|revoke`: manages stored client keys.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage client API keys.",
        subcommands: [Create.self, List.self, Revoke.self])

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
        @Option(help: "Allowed model patterns, comma-separated (default *).") var models: String = "*"
        @Option(help: "Requests per minute.") var rpm: Int?
        @Option(help: "Tokens per minute.") var tpm: Int?
        @Option(help: "Budget in USD.") var budget: Double?
        @Option(help: "Expiry date (YYYY-MM-DD or ISO 8601).") var expires: String?

        func validate() throws {
            if let expires, KeysCommand.parseDate(expires) == nil {
                throw ValidationError("--expires '\(expires)' is not a date (YYYY-MM-DD or ISO 8601)")
            }
            if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name must not be empty") }
            if let rpm, rpm < 1 { throw ValidationError("--rpm must be at least 1") }
            if let tpm, tpm < 1 { throw ValidationError("--tpm must be at least 1") }
            if let budget, budget < 0 { throw ValidationError("--budget must not be negative") }
        }

        func run() async throws {
            let sqlStore = try await KeysCommand.openStore(store)
            defer { Task { await sqlStore.close() } }
            let patterns = models.split(separator: ",").map { ModelPattern($0.trimmingCharacters(in: .whitespaces)) }
            let (key, secret) = try await sqlStore.createKey(NewClientKey(
                name: name, limits: KeyLimits(models: patterns, rpm: rpm, tpm: tpm, budgetUSD: budget),
                expiresAt: expires.flatMap(KeysCommand.parseDate)))
            print(secret)
            FileHandle.standardError.write(Data("Created key \(key.id) (\(key.name)). The secret above is shown only once.\n".utf8))
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
            print(["ID", "NAME", "KEY", "MODELS", "STATUS", "CREATED"].joined(separator: "\t"))
            for key in keys {
                let status = key.revokedAt != nil ? "revoked" : key.isActive() ? "active" : "expired"
                print([
                    key.id, key.name, key.hint, key.models.map(\.pattern).joined(separator: ","), status,
                    formatter.string(from: key.createdAt),
                ].joined(separator: "\t"))
            }
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

    static func parseDate(_ text: String) -> Date? {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.date(from: text)
    }
}
