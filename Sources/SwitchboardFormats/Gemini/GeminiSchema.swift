import SwitchboardCore

/// Gemini's `Schema` (an OpenAPI 3.0 subset, used by `parameters` and `responseSchema`) and JSON Schema.
///
/// The two differ mostly in spelling: Gemini's `type` is an enum written in capitals (`OBJECT`,
/// `STRING`), which JSON Schema consumers (OpenAI, Anthropic) reject. Upstream, the gateway sends
/// full JSON Schema as `parametersJsonSchema` / `responseJsonSchema`, which Gemini accepts as is.
enum GeminiSchema {
    /// The schema with every `type` name in lower case, everything else as it was.
    static func toJSONSchema(_ schema: JSONValue) -> JSONValue {
        switch schema {
        case .object(let object):
            var converted = JSONObject()
            for member in object {
                if member.key == "type", let name = member.value.stringValue {
                    converted[member.key] = .string(name.lowercased())
                } else {
                    converted[member.key] = toJSONSchema(member.value)
                }
            }
            return .object(converted)
        case .array(let items):
            return .array(items.map(toJSONSchema))
        default:
            return schema
        }
    }
}
