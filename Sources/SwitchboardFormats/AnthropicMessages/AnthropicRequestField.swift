import SwitchboardCore

/// Typed reads of request members that fail with a 400 naming the member's path
/// (`messages[2].content[0].text`). Null counts as absent, as Anthropic's API treats it.
enum AnthropicRequestField {
    static func invalid(_ path: String, _ problem: String) -> GatewayError {
        .invalidRequest("\(path): \(problem)", param: path)
    }

    static func present(_ object: JSONObject, _ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    static func requiredString(_ object: JSONObject, _ key: String, at path: String) throws(GatewayError) -> String {
        guard let value = present(object, key) else { throw invalid(path, "Field required") }
        guard let text = value.stringValue else { throw invalid(path, "Input should be a valid string") }
        return text
    }

    static func optionalString(_ object: JSONObject, _ key: String, at path: String) throws(GatewayError) -> String? {
        guard let value = present(object, key) else { return nil }
        guard let text = value.stringValue else { throw invalid(path, "Input should be a valid string") }
        return text
    }

    static func requiredObject(_ object: JSONObject, _ key: String, at path: String) throws(GatewayError) -> JSONObject {
        guard let value = present(object, key) else { throw invalid(path, "Field required") }
        guard let member = value.objectValue else { throw invalid(path, "Input should be an object") }
        return member
    }

    static func optionalObject(_ object: JSONObject, _ key: String, at path: String) throws(GatewayError) -> JSONObject? {
        guard let value = present(object, key) else { return nil }
        guard let member = value.objectValue else { throw invalid(path, "Input should be an object") }
        return member
    }

    static func optionalArray(_ object: JSONObject, _ key: String, at path: String) throws(GatewayError) -> [JSONValue]? {
        guard let value = present(object, key) else { return nil }
        guard let array = value.arrayValue else { throw invalid(path, "Input should be a valid list") }
        return array
    }

    static func optionalNumber(_ object: JSONObject, _ key: String, at path: String) throws(GatewayError) -> Double? {
        guard let value = present(object, key) else { return nil }
        guard let number = value.doubleValue else { throw invalid(path, "Input should be a valid number") }
        return number
    }

    static func optionalInteger(_ object: JSONObject, _ key: String, at path: String) throws(GatewayError) -> Int? {
        guard let value = present(object, key) else { return nil }
        guard let number = value.intValue else { throw invalid(path, "Input should be a valid integer") }
        return number
    }

    static func optionalBool(_ object: JSONObject, _ key: String, at path: String) throws(GatewayError) -> Bool? {
        guard let value = present(object, key) else { return nil }
        guard let flag = value.boolValue else { throw invalid(path, "Input should be a valid boolean") }
        return flag
    }

    /// An element of an array that must be an object.
    static func element(_ value: JSONValue, at path: String) throws(GatewayError) -> JSONObject {
        guard let object = value.objectValue else { throw invalid(path, "Input should be an object") }
        return object
    }
}
