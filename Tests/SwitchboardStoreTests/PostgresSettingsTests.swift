import Testing
@testable import SwitchboardStore

@Suite("PostgreSQL URLs")
struct PostgresSettingsTests {
    @Test(arguments: [
        ("postgres://sb@127.0.0.1:54329/db", PostgresSettings.TLSMode.disable),
        ("postgres://sb@localhost/db", .disable),
        ("postgres://sb@[::1]:5432/db", .disable),
        ("postgres://sb@127.0.0.1/db?sslmode=prefer", .disable),
        ("postgres://sb@127.0.0.1/db?sslmode=require", .require),
        ("postgresql://sb@localhost/db?sslmode=verify-full", .require),
        ("postgres://sb@db.internal/db", .prefer),
        ("postgres://sb@db.internal/db?sslmode=disable", .disable),
        ("postgres://sb@db.internal/db?sslmode=require", .require),
    ])
    func tlsIsOffOnLoopbackUnlessRequired(_ url: String, _ expected: PostgresSettings.TLSMode) throws {
        #expect(try PostgresSettings(url: url).tls == expected)
    }

    @Test func theURLGivesHostPortUserPasswordAndDatabase() throws {
        let settings = try PostgresSettings(url: "postgres://gateway:s3cret@db.internal:6543/switchboard")
        #expect(settings.host == "db.internal")
        #expect(settings.port == 6543)
        #expect(settings.username == "gateway")
        #expect(settings.password == "s3cret")
        #expect(settings.database == "switchboard")
        #expect(try PostgresSettings(url: "postgres://gateway@db.internal/switchboard").port == 5432)
    }

    @Test func badURLsAreRejectedWithoutShowingThePassword() {
        for url in ["postgres://db.internal/switchboard", "postgres://u:hunter2@h/db?sslmode=sometimes"] {
            #expect {
                try PostgresSettings(url: url)
            } throws: { error in
                "\(error)".contains("invalid database URL") && !"\(error)".contains("hunter2")
            }
        }
    }
}
