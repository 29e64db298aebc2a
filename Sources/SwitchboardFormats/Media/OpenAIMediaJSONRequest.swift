public import SwitchboardCore

/// A JSON body of an OpenAI media endpoint (`/v1/images/generations`, `/v1/audio/speech`) as the
/// client sent it: a ``JSONRequestBody`` (parsed once, rewritten for an OpenAI upstream with only
/// `model` changed, every other byte kept, unknown fields too) whose members are type-checked with
/// errors that name them.
public struct OpenAIMediaJSONRequest: Sendable {
    private let request: JSONRequestBody
    public let model: String

    public var body: [UInt8] { request.bytes }
    public var object: JSONObject { request.object }

    public init(body: [UInt8]) throws(GatewayError) {
        request = try JSONRequestBody(body)
        model = try request.model()
    }

    /// A string member; nil when absent or null. `allowed` lists the values the endpoint accepts.
    public func string(_ key: String, required: Bool = false, allowed: [String]? = nil) throws(GatewayError) -> String? {
        guard let value = object[key], !value.isNull else {
            if required { throw GatewayError.invalidRequest("Missing required parameter: '\(key)'.", param: key) }
            return nil
        }
        guard let string = value.stringValue else {
            throw GatewayError.invalidRequest("Invalid type for '\(key)': expected a string, but got \(value.kindName).", param: key)
        }
        if required, string.isEmpty {
            throw GatewayError.invalidRequest("'\(key)' must not be empty.", param: key)
        }
        if let allowed, !allowed.contains(string) {
            throw GatewayError.invalidRequest(
                "Invalid value for '\(key)': '\(string)'. Supported values are: \(allowed.map { "'\($0)'" }.joined(separator: ", ")).",
                param: key)
        }
        return string
    }

    /// An integer member within `range`; nil when absent or null.
    public func integer(_ key: String, in range: ClosedRange<Int>) throws(GatewayError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let integer = value.intValue else {
            throw GatewayError.invalidRequest("Invalid type for '\(key)': expected an integer, but got \(value.kindName).", param: key)
        }
        guard range.contains(integer) else {
            throw GatewayError.invalidRequest(
                "Invalid value for '\(key)': \(integer) is outside \(range.lowerBound)...\(range.upperBound).", param: key)
        }
        return integer
    }

    /// A number member within `range`; nil when absent or null.
    public func number(_ key: String, in range: ClosedRange<Double>) throws(GatewayError) -> Double? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let number = value.doubleValue else {
            throw GatewayError.invalidRequest("Invalid type for '\(key)': expected a number, but got \(value.kindName).", param: key)
        }
        guard range.contains(number) else {
            throw GatewayError.invalidRequest(
                "Invalid value for '\(key)': \(JSONValue.double(number)) is outside \(range.lowerBound)...\(range.upperBound).",
                param: key)
        }
        return number
    }

    /// The body for an OpenAI upstream: the client's bytes with `model` set to `upstreamModel`.
    public func body(upstreamModel: String) -> [UInt8] {
        request.rewritingModel(to: upstreamModel)
    }
}
