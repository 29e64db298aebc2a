public import SwitchboardCore

/// A client's JSON body for the endpoints beside generation (embeddings, moderations, rerank):
/// parsed once, which proves it is one valid JSON object and gives the members the gateway
/// validates; a passthrough rewrites `model` in the bytes and leaves every other byte as sent.
public struct JSONRequestBody: Sendable {
    public let bytes: [UInt8]
    public let object: JSONObject

    public init(_ bytes: [UInt8]) throws(GatewayError) {
        let parsed: JSONValue
        do {
            parsed = try JSON.parse(bytes)
        } catch {
            throw GatewayError.malformedJSON(error)
        }
        guard let object = parsed.objectValue else {
            do {
                _ = try JSON.index(bytes)
            } catch {
                throw GatewayError.malformedJSON(error)
            }
            throw GatewayError.invalidRequest("The body must be a JSON object.")
        }
        self.object = object
        self.bytes = bytes
    }

    /// Type checks of optional members, naming the field.
    var fields: ResponsesFieldChecker { ResponsesFieldChecker(object: object) }

    /// A member that must be present (and not null) and of one of `kinds`.
    func require(_ key: String, _ kinds: JSONKind..., description: String) throws(GatewayError) -> JSONValue {
        guard let value = object[key], !value.isNull else {
            throw GatewayError.invalidRequest("Missing required parameter: '\(key)'.", param: key)
        }
        guard kinds.contains(value.responsesKind) else {
            throw GatewayError.invalidRequest(
                "Invalid type for '\(key)': expected \(description), but got \(value.kindName).", param: key)
        }
        return value
    }

    /// `model`, a non-empty string; `fallback` when the member is absent (or null) and there is one.
    func model(default fallback: String? = nil) throws(GatewayError) -> String {
        if let fallback, object["model"]?.isNull ?? true { return fallback }
        guard let model = try require("model", .string, description: "a string").stringValue, !model.isEmpty else {
            throw GatewayError.invalidRequest("'model' must not be empty.", param: "model")
        }
        return model
    }

    /// An optional integer member of at least `minimum` and at most `maximum`.
    func integer(_ key: String, minimum: Int, maximum: Int) throws(GatewayError) -> Int? {
        try fields.optional(key, .number, description: "an integer")
        guard let value = object[key], !value.isNull else { return nil }
        guard let number = value.intValue else {
            throw GatewayError.invalidRequest("Invalid type for '\(key)': expected an integer.", param: key)
        }
        guard number >= minimum else {
            throw GatewayError.invalidRequest(
                "Invalid '\(key)': integer below minimum value. Expected a value >= \(minimum), but got \(number) instead.",
                param: key)
        }
        guard number <= maximum else {
            throw GatewayError.invalidRequest(
                "Invalid '\(key)': integer above maximum value. Expected a value <= \(maximum), but got \(number) instead.",
                param: key)
        }
        return number
    }

    /// An optional string member.
    func string(_ key: String) throws(GatewayError) -> String? {
        try fields.optional(key, .string, description: "a string")
        return object[key]?.stringValue
    }

    /// An optional boolean member.
    func bool(_ key: String) throws(GatewayError) -> Bool? {
        try fields.optional(key, .bool, description: "a boolean")
        return object[key]?.boolValue
    }

    /// The body as sent with `model` set to `upstreamModel` (added when the client left it out).
    /// Only a passthrough needs the members' byte ranges, so only it indexes the body; `init`
    /// already validated it, so the index neither checks strings again nor can fail.
    public func rewritingModel(to upstreamModel: String) -> [UInt8] {
        guard object["model"]?.stringValue != upstreamModel,
            let index = try? JSON.index(bytes, validatingStrings: false)
        else { return bytes }
        var splice = JSONSplice(document: bytes, index: index)
        splice.set("model", to: .string(upstreamModel))
        return splice.result()
    }
}
