/// The `name` and `filename` of a multipart part's `Content-Disposition` header, with quoted
/// values that may themselves contain `;` or `=` (`filename="a;b=c.png"`).
struct ContentDisposition: Equatable {
    var name: String?
    var filename: String?

    init(_ value: String) {
        var parameters: [String: String] = [:]
        var rest = Substring(value)
        // Skip the disposition type (`form-data`).
        guard let firstSemicolon = rest.firstIndex(of: ";") else { return }
        rest = rest[rest.index(after: firstSemicolon)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingSpaces().lowercased()
            rest = rest[rest.index(after: equals)...]
            var parameterValue = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let character = rest.first, character != "\"" {
                    if character == "\\", let escaped = rest.dropFirst().first {
                        parameterValue.append(escaped)
                        rest = rest.dropFirst(2)
                    } else {
                        parameterValue.append(character)
                        rest = rest.dropFirst()
                    }
                }
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parameterValue = String(rest[..<end]).trimmingSpaces()
                rest = rest[end...]
            }
            if parameters[key] == nil { parameters[key] = parameterValue }
        }
        name = parameters["name"]
        filename = parameters["filename"]
    }
}

fileprivate extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
