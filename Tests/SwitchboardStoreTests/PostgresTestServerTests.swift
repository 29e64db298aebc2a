import Testing
@testable import SwitchboardStore

/// Says in the test output whether the PostgreSQL cases ran: without a server they are cancelled
/// one by one (reported as passed), and this test is what shows as skipped, with the reason.
@Suite("PostgreSQL test server")
struct PostgresTestServerTests {
    @Test(.enabled(if: StoreBackend.postgresURL != nil, StoreBackend.postgresSkipNote))
    func theServerAcceptsConnections() async throws {
        let url = try #require(StoreBackend.postgresURL)
        let one = try await SQLStore.withPostgresConnection(url: url) {
            try await $0.raw("SELECT 1 AS one").first(decodingColumn: "one", as: Int.self)
        }
        #expect(one == 1)
    }
}
