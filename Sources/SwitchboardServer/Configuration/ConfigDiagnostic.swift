/// One problem found in a config file, with where it is.
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var column: Int?
    public var path: String
    public var message: String

    public init(line: Int?, column: Int?, path: String, message: String) {
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        let location = line.map { "\($0):\(column ?? 1)" } ?? "-"
        return "\(location): \(path.isEmpty ? "" : path + ": ")\(message)"
    }
}

/// A config that could not be used, with every problem found in it.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var diagnostics: [ConfigDiagnostic]

    public var description: String {
        diagnostics.map { "\(file):\($0)" }.joined(separator: "\n")
    }
}
