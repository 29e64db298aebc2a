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

    /// The kinds a member may have, and how an error describes them.
    struct Expected {
        let kinds: [JSONKind]
        let description: String

        init(_ kinds: [JSONKind], _ description: String) {
            self.kinds = kinds
            self.description = description
        }
    }

    /// Checks the kind of every member present that `expected` names, in the body's order: one
    /// pass over the few members a request has, rather than a search for each name checked.
    func checkKinds(of expected: [String: Expected]) throws(GatewayError) {
        for member in index.members where member.kind != .null {
            guard let expectation = expected[member.key], !expectation.kinds.contains(member.kind) else { continue }
            throw GatewayError.invalidRequest(
                "Invalid type for '\(member.key)': expected \(expectation.description), but got \(member.kind.name).",
                param: member.key)
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
