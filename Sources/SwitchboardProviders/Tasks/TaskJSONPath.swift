public import SwitchboardCore

/// A simple path into a JSON document, as operators write it in a `task-http` channel's config:
/// members separated by dots, array elements by index, `[*]` for every element
/// (`data.task_id`, `output.results[0].url`, `data.response.sunoData[*].audioUrl`).
public struct TaskJSONPath: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringLiteral {
    enum Step: Sendable, Equatable {
        case member(String)
        case index(Int)
        case every
    }

    let steps: [Step]
    public let description: String

    /// Reads a path; nil when it is empty or malformed (an unclosed `[`, an index that is not a number).
    public init?(_ text: String) {
        var steps: [Step] = []
        for segment in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(segment)
            let name = rest.prefix { $0 != "[" }
            guard !name.contains("]") else { return nil }
            if !name.isEmpty { steps.append(.member(String(name))) }
            rest = rest.dropFirst(name.count)
            while rest.first == "[" {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                if inside == "*" {
                    steps.append(.every)
                } else if let index = Int(inside), index >= 0 {
                    steps.append(.index(index))
                } else {
                    return nil
                }
                rest = rest[rest.index(after: close)...]
            }
            guard rest.isEmpty, !(name.isEmpty && segment.first != "[") else { return nil }
        }
        guard !steps.isEmpty else { return nil }
        self.steps = steps
        self.description = text
    }

    public init(stringLiteral value: String) {
        guard let path = TaskJSONPath(value) else { preconditionFailure("not a task JSON path: \(value)") }
        self = path
    }

    /// Every value the path reaches (several through `[*]`), in document order.
    public func values(in document: JSONValue) -> [JSONValue] {
        var current = [document]
        for step in steps {
            current = current.flatMap { value -> [JSONValue] in
                switch step {
                case .member(let name): return value[name].map { [$0] } ?? []
                case .index(let index):
                    guard let array = value.arrayValue, index < array.count else { return [] }
                    return [array[index]]
                case .every: return value.arrayValue ?? []
                }
            }
        }
        return current.filter { !$0.isNull }
    }

    /// The first value the path reaches.
    public func value(in document: JSONValue) -> JSONValue? { values(in: document).first }

    /// The value as text: a string as is, a number's literal.
    public func text(in document: JSONValue) -> String? {
        switch value(in: document) {
        case .string(let text)?: text
        case .number(let text)?: text
        default: nil
        }
    }

    /// The value as a number: a number, or a string starting with one (`"45%"`, `"12.5"`).
    public func number(in document: JSONValue) -> Double? {
        guard let text = text(in: document) else { return nil }
        let digits = text.prefix { $0.isNumber || $0 == "." || $0 == "-" }
        return Double(digits)
    }
}
