public import SwitchboardCore

/// Checks the types of top-level request members from their index, naming the field on failure.
///
/// Null is accepted for every optional member, as the OpenAI API does.
struct FieldValidator {
    let index: JSONObjectIndex

    func require(_ key: String, _ kinds: JSONKind..., description: String) throws(GatewayError) -> JSONObjectIndex.Member {
        guard let member = index[key], member.kind != .null else {
            throw GatewayError.invalidRequest("Missing required parameter: '\(key)'.", param: key)
        }
        guard kinds.contains(member.kind) else {
            throw GatewayError.invalidRequest(
                "Invalid type for '\(key)': expected \(description), but got \(member.kind.name).", param: key)
        }
        return member
    }

    func optional(_ key: String, _ kinds: JSONKind..., description: String) throws(GatewayError) {
        guard let member = index[key], member.kind != .null else { return }
        guard kinds.contains(member.kind) else {
            throw GatewayError.invalidRequest(
                "Invalid type for '\(key)': expected \(description), but got \(member.kind.name).", param: key)
        }
    }
}

extension GatewayError {
    /// The error for a body that is not valid JSON.
    public static func malformedJSON(_ error: JSONSyntaxError) -> GatewayError {
        .invalidRequest(
            "We could not parse the JSON body of your request (\(error)). The body must be a valid JSON object.")
    }
}
