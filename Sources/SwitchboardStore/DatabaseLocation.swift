/// Where the store lives, parsed from a database URL (`sqlite://switchboard.db`,
/// `sqlite:///var/lib/sb.db`, `sqlite://:memory:`, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`).
///
/// A PostgreSQL URL may add `?sslmode=disable|prefer|require|verify-full`; without it TLS is
/// preferred, except on a loopback host, where it is off unless `require` or `verify-*` asks for it.
public enum DatabaseLocation: Sendable, Equatable {
    case sqliteFile(path: String)
    case sqliteMemory
    case postgres(url: String)

    public static let defaultURL = "sqlite://switchboard.db"

    public init(url: String) throws(StoreError) {
        if url.hasPrefix("sqlite://") {
            let rest = String(url.dropFirst("sqlite://".count))
            if rest == ":memory:" || rest == "memory" {
                self = .sqliteMemory
            } else if rest.isEmpty {
                throw StoreError.invalidURL("'\(url)' names no SQLite file")
            } else {
                self = .sqliteFile(path: rest)
            }
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(url: url)
        } else {
            throw StoreError.invalidURL("'\(url)' is not a database URL (expected sqlite://FILE or postgres://...)")
        }
    }
}

/// A store that cannot be opened or used.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case unsupported(String)
    case migrationFailed(String)

    public var description: String {
        switch self {
        case .invalidURL(let message): "invalid database URL: \(message)"
        case .unsupported(let message): message
        case .migrationFailed(let message): "database migration failed: \(message)"
        }
    }
}
