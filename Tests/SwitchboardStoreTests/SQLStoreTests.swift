import Testing
import Foundation
import SwitchboardCore
@testable import SwitchboardStore

@Suite("SQL store on SQLite and PostgreSQL")
struct SQLStoreTests {
    @Test(arguments: StoreBackend.allCases)
    func keysAreStoredHashedListedAndRevoked(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let before = try await store.keysVersion()
            let (key, secret) = try await store.createKey(NewClientKey(name: "team", limits: KeyLimits(models: [ModelPattern("gpt-*")], rpm: 60)))
            #expect(secret.hasPrefix("sk-") && secret.count == 51)
            #expect(key.keyHash == KeySecret.hash(secret))
            #expect(key.hint == "sk-..." + secret.suffix(4))
            let rows = try await store.database.raw("SELECT key_hash, key_hint FROM client_keys").all()
            let storedHash = try rows.first?.decode(column: "key_hash", as: String.self)
            #expect(storedHash == KeySecret.hash(secret))
            #expect(storedHash != secret)

            let listed = try await store.listKeys()
            #expect(listed.map(\.id) == [key.id])
            #expect(listed.first?.models == [ModelPattern("gpt-*")])
            #expect(listed.first?.limits.rpm == 60)
            #expect(try await store.keysVersion() != before)

            let versionBeforeRevoke = try await store.keysVersion()
            #expect(try await store.revokeKey(id: key.id))
            #expect(try await store.revokeKey(id: key.id) == false)
            #expect(try await store.revokeKey(id: "key_missing") == false)
            #expect(try await store.listKeys().first?.revokedAt != nil)
            #expect(try await store.keysVersion() != versionBeforeRevoke)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func usageRecordsRoundTripAndDuplicatesAreIgnored(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            // Every field holds a value no other field has, so a value written to the wrong column
            // shows; the time is on a whole millisecond, as stored.
            let record = UsageRecord(
                requestID: "req_1", createdAt: Date(timeIntervalSince1970: 1_796_000_000.125), keyID: "key_a",
                endpoint: "chat.completions", model: "fast", upstreamModel: "gpt-5-nano", channel: "openai",
                usage: Usage(
                    promptTokens: 10, completionTokens: 5, cachedTokens: 2, cacheWriteTokens: 1, reasoningTokens: 3, images: 7,
                    audioSeconds: 1.5, characters: 42),
                status: 499, errorCode: "client_closed_request", latencyMilliseconds: 12.5, timeToFirstTokenMilliseconds: 3.25,
                streamed: true, cancelled: true, costUSD: 0.0625)
            let many = (0..<450).map { index in
                UsageRecord(requestID: "req_b\(index)", keyID: nil, endpoint: "chat.completions", model: "m", status: 400,
                            errorCode: "invalid_request", latencyMilliseconds: 1, streamed: false)
            }
            try await store.append([record] + many)
            try await store.append([record])
            let recent = try await store.recentUsage(limit: 1000)
            #expect(recent.count == 451)
            let stored = try #require(recent.first { $0.requestID == "req_1" })
            #expect(stored == record)
        }
    }

    @Test(arguments: StoreBackend.freshLocationCases)
    func migrationsRunOnceOnADatabaseOpenedTwice(_ backend: StoreBackend) async throws {
        try await backend.withFreshLocation { location in
            let first = try await SQLStore.open(location)
            _ = try await first.createKey(NewClientKey(name: "kept"))
            await first.close()
            let second = try await SQLStore.open(location)
            #expect(try await second.listKeys().map(\.name) == ["kept"])
            let versions = try await second.database.raw("SELECT version FROM switchboard_migrations").all()
            #expect(versions.count == Migrations.all.count)
            await second.close()
        }
    }

    @Test(arguments: StoreBackend.freshLocationCases)
    func twoStoresOpenedAtOnceBothMigrateOnce(_ backend: StoreBackend) async throws {
        try await backend.withFreshLocation { location in
            async let first = SQLStore.open(location)
            async let second = SQLStore.open(location)
            let stores = try await [first, second]
            let versions = try await stores[1].database.select().column("version").from("switchboard_migrations")
                .orderBy("version").all(decodingColumn: "version", as: Int.self)
            #expect(versions == Migrations.all.map(\.version))
            _ = try await stores[0].createKey(NewClientKey(name: "shared"))
            #expect(try await stores[1].listKeys().map(\.name) == ["shared"])
            for store in stores { await store.close() }
        }
    }

    @Test(arguments: [
        ("sqlite://switchboard.db", DatabaseLocation.sqliteFile(path: "switchboard.db")),
        ("sqlite:///var/lib/sb.db", .sqliteFile(path: "/var/lib/sb.db")),
        ("sqlite://:memory:", .sqliteMemory),
        ("postgres://u:p@h:5432/db", .postgres(url: "postgres://u:p@h:5432/db")),
    ])
    func databaseURLsAreParsed(_ url: String, _ expected: DatabaseLocation) throws {
        #expect(try DatabaseLocation(url: url) == expected)
    }

    @Test func badDatabaseURLsAreRejected() {
        #expect(throws: StoreError.self) { try DatabaseLocation(url: "mysql://x") }
        #expect(throws: StoreError.self) { try DatabaseLocation(url: "sqlite://") }
    }

    @Test func secretsCompareInConstantTimeShape() {
        #expect(KeySecret.constantTimeEquals("abc", "abc"))
        #expect(!KeySecret.constantTimeEquals("abc", "abd"))
        #expect(!KeySecret.constantTimeEquals("abc", "abcd"))
        #expect(KeySecret.generate() != KeySecret.generate())
        #expect(KeySecret.hash("sk-x") == "9df37f5e7cbc3c391d872742b5f286c242e733a09add9eeaa4d26a599bd90b20")
        // FIPS 180-2 vectors, a secret that is not ASCII, and one long enough to leave the small-string form.
        #expect(KeySecret.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(KeySecret.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(KeySecret.hash("clé") == "51cbcf30514d0802eb5c60a018f384ea3fb9b69307c554ee63ecb43177594de4")
        #expect(KeySecret.hash("sk-" + String(repeating: "a", count: 48)) == "e1aa1d5b99d61d3bbcb90f1c8ba25247157f353e9b98cb231ac60e695d9ce694")
        #expect(!KeySecret.constantTimeEquals("é", "e\u{301}"), "compared as bytes, not as characters")
    }
}
