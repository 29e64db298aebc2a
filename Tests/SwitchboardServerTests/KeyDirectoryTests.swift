import Testing
import Logging
import Foundation
import SwitchboardCore
import SwitchboardStore
@testable import SwitchboardServer

@Suite("Key directory")
struct KeyDirectoryTests {
    @Test func authenticatesStaticAndStoredKeysAndRejectsTheRest() async throws {
        let store = try await SQLStore.open(.sqliteMemory)
        let directory = KeyDirectory(
            store: store, staticKeys: [StaticClientKey(name: "ci", key: "sk-static-0123456789", models: ["mock-*"])],
            refreshInterval: 0.1, logger: Logger(label: "test"))
        let (stored, secret) = try await store.createKey(NewClientKey(name: "team"))
        try await directory.refresh()

        #expect(try directory.authenticate("sk-static-0123456789").id == "static:ci")
        #expect(try directory.authenticate("sk-static-0123456789").models == [ModelPattern("mock-*")])
        #expect(try directory.authenticate(secret).id == stored.id)
        #expect(throws: GatewayError.self) { try directory.authenticate(nil) }
        #expect(throws: GatewayError.self) { try directory.authenticate("") }
        #expect(throws: GatewayError.self) { try directory.authenticate(secret + "x") }

        _ = try await store.revokeKey(id: stored.id)
        try await directory.refresh()
        do {
            _ = try directory.authenticate(secret)
            Issue.record("a revoked key was accepted")
        } catch {
            #expect(error.status == 401)
            #expect(error.message.contains("revoked"))
            #expect(!error.message.contains(secret))
        }
        await store.close()
    }

    @Test func expiredKeysAreRejected() async throws {
        let store = try await SQLStore.open(.sqliteMemory)
        let directory = KeyDirectory(store: store, staticKeys: [], refreshInterval: 0.1, logger: Logger(label: "test"))
        let (_, secret) = try await store.createKey(NewClientKey(name: "old", expiresAt: Date(timeIntervalSinceNow: -60)))
        try await directory.refresh()
        #expect(throws: GatewayError.self) { try directory.authenticate(secret) }
        await store.close()
    }
}
