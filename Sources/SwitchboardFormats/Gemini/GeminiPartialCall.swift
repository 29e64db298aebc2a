import SwitchboardCore

/// A function call whose arguments Vertex AI streams in pieces (`streamFunctionCallArguments`).
///
/// The call opens with `functionCall: {name, willContinue: true}`; later chunks carry
/// `functionCall.partialArgs: [{jsonPath: "$.location", stringValue: "Bos", willContinue: true}]`
/// (strings arrive in pieces and are concatenated; numbers, booleans and nulls arrive whole); an
/// empty `functionCall: {}` (or the end of the candidate) closes it. The pieces are assembled into
/// the arguments object, written as one argument delta when the call closes: a `jsonPath` names a
/// place in the object, not a position in its text, so the text cannot be produced earlier
/// without guessing what comes next.
struct GeminiPartialCall {
    let index: Int
    private(set) var arguments: JSONValue

    init(index: Int, arguments: JSONValue?) {
        self.index = index
        self.arguments = arguments.flatMap { $0.objectValue == nil ? nil : $0 } ?? .object([:])
    }

    /// Applies one `partialArgs` entry.
    mutating func apply(_ entry: JSONValue) {
        guard let path = entry["jsonPath"]?.stringValue, let segments = Self.segments(of: path) else { return }
        let value: JSONValue
        if let text = entry["stringValue"]?.stringValue {
            value = .string(text)
        } else if let number = entry["numberValue"], !number.isNull {
            value = number
        } else if let flag = entry["boolValue"]?.boolValue {
            value = .bool(flag)
        } else if entry["nullValue"] != nil {
            value = .null
        } else {
            return
        }
        arguments = Self.updating(arguments, at: segments[...]) { existing in
            if case .string(let head)? = existing, case .string(let tail) = value { return .string(head + tail) }
            return value
        }
    }

    enum Segment: Equatable {
        case key(String)
        case index(Int)
    }

    /// `$.a.b[0].c` as its segments; nil for a path this reader does not understand.
    static func segments(of path: String) -> [Segment]? {
        guard path.hasPrefix("$") else { return nil }
        var segments: [Segment] = []
        var rest = Substring(path.dropFirst())
        while let first = rest.first {
            if first == "." {
                rest = rest.dropFirst()
                let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
                guard end > rest.startIndex else { return nil }
                segments.append(.key(String(rest[..<end])))
                rest = rest[end...]
            } else if first == "[" {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                if let position = Int(inside) {
                    segments.append(.index(position))
                } else if inside.count >= 2, let quote = inside.first, quote == "'" || quote == "\"", inside.last == quote {
                    segments.append(.key(String(inside.dropFirst().dropLast())))
                } else {
                    return nil
                }
                rest = rest[rest.index(after: close)...]
            } else {
                return nil
            }
        }
        return segments.isEmpty ? nil : segments
    }

    /// `value` with the place at `segments` replaced by `leaf(its current value)`, creating
    /// objects and arrays on the way.
    static func updating(_ value: JSONValue?, at segments: ArraySlice<Segment>, leaf: (JSONValue?) -> JSONValue) -> JSONValue {
        guard let segment = segments.first else { return leaf(value) }
        let rest = segments.dropFirst()
        switch segment {
        case .key(let key):
            var object = value?.objectValue ?? JSONObject()
            object[key] = updating(object[key], at: rest, leaf: leaf)
            return .object(object)
        case .index(let position):
            var items = value?.arrayValue ?? []
            while items.count <= position { items.append(.null) }
            items[position] = updating(items[position], at: rest, leaf: leaf)
            return .array(items)
        }
    }
}
