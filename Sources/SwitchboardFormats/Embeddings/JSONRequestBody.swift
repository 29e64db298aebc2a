public import SwitchboardCore

/// A client's JSON body for the endpoints beside generation (embeddings, moderations, rerank):
/// checked to be one JSON object, indexed so a passthrough can rewrite `model` and leave every
/// other byte as sent, and parsed so the gateway can read the members it validates.
public struct JSONRequestBody: Sendable {
    public let bytes: [UInt8]
    public let index: JSONObjectIndex
    public let object: JSONObject

    public init(_ bytes: [UInt8]) throws(GatewayError) {
        do {
            index = try JSON.index(bytes)
            object = try JSON.parse(bytes).objectValue ?? JSONObject()
        } catch {
            throw GatewayError.malformedJSON(error)
        }
        self.bytes = bytes
    }

    var fields: FieldValidator { FieldValidator(index: index) }

    /// `model`, a non-empty string; `fallback` when the member is absent (or null) and there is one.
    func model(default fallback: String? = nil) throws(GatewayError) -> String {
        if let fallback, index["model"] == nil || object["model"]?.isNull == true { return fallback }
        _ = try fields.require("model", .string, description: "a string")
        guard let model = object["model"]?.stringValue, !model.isEmpty else {
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
    public func rewritingModel(to upstreamModel: String) -> [UInt8] {
        guard object["model"]?.stringValue != upstreamModel else { return bytes }
        var splice = JSONSplice(document: bytes, index: index)
        splice.set("model", to: .string(upstreamModel))
        return splice.result()
    }
}
