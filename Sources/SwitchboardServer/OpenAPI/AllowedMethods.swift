import SwitchboardCore

/// Which HTTP methods each client path accepts, read from the gateway's own OpenAPI document, so a
/// request with the wrong method on a real path gets 405 with an `Allow` header (not a 404 that
/// says the endpoint does not exist).
enum AllowedMethods {
    private enum Segment {
        case literal(String)
        /// `{id}`: any one segment.
        case parameter
        /// `{model}:generateContent`: any segment with this ending.
        case parameterWithSuffix(String)

        init(_ text: Substring) {
            if text.hasPrefix("{"), let close = text.firstIndex(of: "}") {
                let rest = text[text.index(after: close)...]
                self = rest.isEmpty ? .parameter : .parameterWithSuffix(String(rest))
            } else {
                self = .literal(String(text))
            }
        }

        /// A literal or a suffix: narrower than a bare parameter.
        var isSpecific: Bool {
            if case .parameter = self { return false }
            return true
        }

        func matches(_ actual: Substring) -> Bool {
            switch self {
            case .literal(let text): actual == text
            case .parameter: true
            case .parameterWithSuffix(let suffix): actual.count > suffix.count && actual.hasSuffix(suffix)
            }
        }
    }

    private struct Template {
        let segments: [Segment]
        let methods: [String]
    }

    private static let templates: [Template] = {
        let methods = ["get", "put", "post", "delete", "patch", "head", "options"]
        return (OpenAPIDocument.value["paths"]?.objectValue ?? [:]).map { path, operations in
            let segments = path.split(separator: "/").map(Segment.init)
            let allowed = methods.filter { operations[$0] != nil }.map { $0.uppercased() }
            return Template(segments: segments, methods: allowed)
        }
    }()

    /// The methods `path` accepts (sorted), empty when no client endpoint has this path. When
    /// several templates match, the most specific wins (`{model}:generateContent` over `{model}`),
    /// as the router chooses.
    static func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        var found = Set<String>()
        var bestSpecificity = -1
        for template in templates where template.segments.count == segments.count {
            guard zip(template.segments, segments).allSatisfy({ expected, actual in expected.matches(actual) }) else { continue }
            let specificity = template.segments.filter(\.isSpecific).count
            if specificity > bestSpecificity {
                bestSpecificity = specificity
                found = []
            }
            if specificity == bestSpecificity { found.formUnion(template.methods) }
        }
        return found.sorted()
    }
}
