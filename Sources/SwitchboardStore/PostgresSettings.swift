import PostgresKit
import Foundation

/// A database URL read into the two configurations PostgresNIO takes (one connection, one pool).
///
/// TLS follows `sslmode` (or `tlsmode`, `ssl`, `tls`) as postgres-kit reads it, except that a
/// loopback host gets no TLS unless the URL asks for `require`, `verify-ca` or `verify-full`.
struct PostgresSettings: Sendable {
    enum TLSMode: Sendable { case disable, prefer, require }

    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String?
    var tls: TLSMode

    init(url: String) throws(StoreError) {
        let parsed: SQLPostgresConfiguration
        do {
            parsed = try SQLPostgresConfiguration(url: url)
        } catch {
            throw StoreError.invalidURL("'\(Self.redacted(url))' is not a PostgreSQL URL (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...])")
        }
        let core = parsed.coreConfiguration
        guard let host = core.host, let port = core.port else {
            throw StoreError.invalidURL("'\(Self.redacted(url))' names no host")
        }
        self.host = host
        self.port = port
        username = core.username
        password = core.password
        database = core.database
        let mode = URLComponents(string: url)?.queryItems?
            .last { ["tlsmode", "sslmode", "ssl", "tls"].contains($0.name.lowercased()) }?.value
        switch mode {
        case "require", "verify-ca", "verify-full": tls = .require
        case "disable", "false": tls = .disable
        default: tls = Self.isLoopback(host) ? .disable : .prefer
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The URL without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch self.tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return .init(host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch self.tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
        return .init(host: host, port: port, username: username, password: password, database: database, tls: tls)
    }
}

/// The server could not be reached or refused the login; says why (PostgresNIO's own description
/// hides it).
struct DatabaseConnectionError: Error, CustomStringConvertible {
    var url: String
    var underlying: any Error

    var description: String {
        "cannot connect to \(PostgresSettings.redacted(url)): \(String(reflecting: underlying))"
    }
}
