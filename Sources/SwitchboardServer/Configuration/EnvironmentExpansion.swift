/// Replaces `${VAR}` (and `${VAR:-default}`) in config values from the environment.
enum EnvironmentExpansion {
    enum Failure: Error, Equatable {
        case missing(String)
        case unterminated
    }

    static func expand(_ text: String, environment: [String: String]) throws(Failure) -> String {
        guard text.contains("${") else { return text }
        var output = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            output += rest[rest.startIndex..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { throw .unterminated }
            let expression = rest[start.upperBound..<end]
            let parts = expression.split(separator: ":-", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if let value = environment[name] {
                output += value
            } else if parts.count == 2 {
                output += parts[1]
            } else {
                throw .missing(name)
            }
            rest = rest[rest.index(after: end)...]
        }
        return output + rest
    }
}
