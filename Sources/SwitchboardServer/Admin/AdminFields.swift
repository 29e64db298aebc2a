import SwitchboardCore
import Foundation

/// Reads typed members of an admin request body, answering 400 with the field's name when a member
/// has the wrong type or value. `null` reads as "clear this field" (`.some(nil)`), an absent member
/// as "leave it" (`nil`).
struct AdminFields {
    let object: JSONObject
    /// Members this body may carry; any other is a 400 (a typo must not pass silently).
    let allowed: Set<String>

    init(body: [UInt8], allowed: Set<String>) throws(GatewayError) {
        let value: JSONValue
        do {
            value = try JSON.parse(body)
        } catch {
            throw GatewayError.invalidRequest("The request body is not valid JSON: \(error)")
        }
        guard let object = value.objectValue else {
            throw GatewayError.invalidRequest("The request body must be a JSON object, not \(value.kindName).")
        }
        try self.init(object: object, allowed: allowed)
    }

    init(object: JSONObject, allowed: Set<String>) throws(GatewayError) {
        for key in object.keys where !allowed.contains(key) {
            throw GatewayError.invalidRequest("Unknown field '\(key)'.", param: key)
        }
        self.object = object
        self.allowed = allowed
    }

    func has(_ key: String) -> Bool { object[key] != nil }

    func string(_ key: String) throws(GatewayError) -> String?? {
        guard let value = object[key] else { return nil }
        if value.isNull { return .some(nil) }
        guard let text = value.stringValue else { throw wrongType(key, "a string", value) }
        return .some(text)
    }

    func requiredString(_ key: String) throws(GatewayError) -> String {
        guard let value = try string(key), let text = value, !text.isEmpty else {
            throw GatewayError.invalidRequest("Missing required field '\(key)'.", param: key)
        }
        return text
    }

    func int(_ key: String, minimum: Int = 0) throws(GatewayError) -> Int?? {
        guard let value = object[key] else { return nil }
        if value.isNull { return .some(nil) }
        guard let number = value.intValue else { throw wrongType(key, "an integer", value) }
        guard number >= minimum else {
            throw GatewayError.invalidRequest("'\(key)' must be at least \(minimum).", param: key)
        }
        return .some(number)
    }

    func double(_ key: String) throws(GatewayError) -> Double?? {
        guard let value = object[key] else { return nil }
        if value.isNull { return .some(nil) }
        guard let number = value.doubleValue, number.isFinite else { throw wrongType(key, "a number", value) }
        guard number >= 0 else { throw GatewayError.invalidRequest("'\(key)' must not be negative.", param: key) }
        return .some(number)
    }

    func bool(_ key: String) throws(GatewayError) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let flag = value.boolValue else { throw wrongType(key, "true or false", value) }
        return flag
    }

    func strings(_ key: String) throws(GatewayError) -> [String]? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let array = value.arrayValue else { throw wrongType(key, "an array of strings", value) }
        var strings: [String] = []
        for element in array {
            guard let text = element.stringValue else { throw wrongType(key, "an array of strings", value) }
            strings.append(text)
        }
        return strings
    }

    func stringMap(_ key: String) throws(GatewayError) -> [String: String]? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let members = value.objectValue else { throw wrongType(key, "an object of strings", value) }
        var map: [String: String] = [:]
        for (name, member) in members {
            guard let text = member.stringValue else { throw wrongType("\(key).\(name)", "a string", member) }
            map[name] = text
        }
        return map
    }

    /// An ISO 8601 date (with or without fractional seconds) or `YYYY-MM-DD`.
    func date(_ key: String) throws(GatewayError) -> Date?? {
        guard let text = try string(key) else { return nil }
        guard let text else { return .some(nil) }
        guard let date = AdminDates.parse(text) else {
            throw GatewayError.invalidRequest("'\(key)' must be an ISO 8601 date, not '\(text)'.", param: key)
        }
        return .some(date)
    }

    private func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> GatewayError {
        GatewayError.invalidRequest("'\(key)' must be \(expected), not \(value.kindName).", param: key)
    }
}

/// Dates as the admin API reads and writes them.
enum AdminDates {
    static func parse(_ text: String) -> Date? {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }

    static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
