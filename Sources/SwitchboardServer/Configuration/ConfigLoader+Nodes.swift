import Yams

extension ConfigLoader {
    mutating func report(_ node: Node, _ path: String, _ message: String) {
        diagnostics.append(ConfigDiagnostic(line: node.mark?.line, column: node.mark?.column, path: path, message: message))
    }

    static func diagnostic(for error: YamlError) -> ConfigDiagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return ConfigDiagnostic(line: mark.line, column: mark.column, path: "", message: "invalid YAML: \(problem)")
        default:
            return ConfigDiagnostic(line: nil, column: nil, path: "", message: "invalid YAML: \(error)")
        }
    }

    /// A scalar as text, with `${VAR}` expanded; reports and returns nil for other node kinds.
    mutating func string(_ node: Node, _ path: String) -> String? {
        guard let scalar = node.scalar else {
            report(node, path, "expected a value, found a \(node.mapping != nil ? "mapping" : "list")")
            return nil
        }
        do {
            return try EnvironmentExpansion.expand(scalar.string, environment: environment)
        } catch .missing(let name) {
            report(node, path, "environment variable '\(name)' is not set")
        } catch {
            report(node, path, "unterminated '${' in value")
        }
        return nil
    }

    mutating func int(_ node: Node, _ path: String) -> Int? {
        guard let text = string(node, path) else { return nil }
        guard let value = Int(text) else {
            report(node, path, "expected a whole number, found '\(text)'")
            return nil
        }
        return value
    }

    mutating func double(_ node: Node, _ path: String) -> Double? {
        guard let text = string(node, path) else { return nil }
        guard let value = Double(text) else {
            report(node, path, "expected a number, found '\(text)'")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, _ path: String) -> Bool? {
        guard let text = string(node, path) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            report(node, path, "expected true or false, found '\(text)'")
            return nil
        }
    }

    mutating func strings(_ node: Node, _ path: String) -> [String]? {
        guard let sequence = node.sequence else {
            report(node, path, "expected a list")
            return nil
        }
        return sequence.enumerated().compactMap { string($0.element, "\(path)[\($0.offset)]") }
    }

    mutating func forEachMember(_ node: Node, _ path: String, _ body: (inout ConfigLoader, String, Node) -> Void) {
        guard let mapping = node.mapping else {
            if node.scalar?.string.isEmpty == true, node.scalar?.style == .plain { return }
            report(node, path, "expected a mapping")
            return
        }
        for (key, value) in mapping {
            body(&self, key.string ?? "", value)
        }
    }

    mutating func forEachElement(_ node: Node, _ path: String, _ body: (inout ConfigLoader, Node, String) -> Void) {
        guard let sequence = node.sequence else {
            report(node, path, "expected a list")
            return
        }
        for (offset, element) in sequence.enumerated() {
            body(&self, element, "\(path)[\(offset)]")
        }
    }
}
