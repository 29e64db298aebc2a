public import SwitchboardCore

/// Builds a deterministic JSON instance of a JSON Schema, for the mock's tool arguments and
/// structured output: required (or, lacking that, all) properties with a placeholder per type.
public enum MockArguments {
    public static func instance(of schema: JSONValue, depth: Int = 0) -> JSONValue {
        guard depth < 8 else { return .null }
        if let values = schema["enum"]?.arrayValue, let first = values.first { return first }
        if let constant = schema["const"] { return constant }
        let type = schema["type"]?.stringValue ?? schema["type"]?.arrayValue?.first?.stringValue
        switch type {
        case "string": return .string("mock")
        case "integer": return .int(1)
        case "number": return .number("1.5")
        case "boolean": return .bool(true)
        case "null": return .null
        case "array":
            return .array([instance(of: schema["items"] ?? .object([:]), depth: depth + 1)])
        default:
            guard let properties = schema["properties"]?.objectValue else { return .object([:]) }
            let required = schema["required"]?.arrayValue?.compactMap(\.stringValue)
            var object = JSONObject()
            for property in properties where required?.contains(property.key) ?? true {
                object[property.key] = instance(of: property.value, depth: depth + 1)
            }
            return .object(object)
        }
    }
}
