import SwitchboardCore

/// The checks Gemini's generateContent makes on `contents`, worded like its own messages, so a
/// gateway's translation to Gemini is proven valid against the test upstream.
enum TestUpstreamGeminiValidation {
    /// What is wrong with `body`, naming the field; nil when Gemini would accept it.
    static func problem(in body: JSONValue) -> String? {
        guard body.objectValue != nil else { return "Invalid JSON payload received. The body must be an object." }
        guard let contents = body["contents"]?.arrayValue, !contents.isEmpty else {
            return "* GenerateContentRequest.contents: contents is not specified"
        }
        for (index, content) in contents.enumerated() {
            let previous = index > 0 ? contents[index - 1] : nil
            if let problem = contentProblem(content, at: index, previous: previous) { return problem }
        }
        return nil
    }

    private static func contentProblem(_ content: JSONValue, at index: Int, previous: JSONValue?) -> String? {
        if let role = content["role"], role != "user", role != "model" {
            return "contents[\(index)].role: Please use a valid role: user, model."
        }
        guard let parts = content["parts"]?.arrayValue, !parts.isEmpty else {
            return "* GenerateContentRequest.contents[\(index)].parts: contents.parts must not be empty."
        }
        let previousCalls = (previous?["parts"]?.arrayValue ?? []).compactMap { $0["functionCall"]?["name"]?.stringValue }
        for (position, part) in parts.enumerated() {
            let path = "contents[\(index)].parts[\(position)]"
            if let call = part["functionCall"] {
                guard call["name"]?.stringValue != nil else { return "* GenerateContentRequest.\(path).function_call.name: Name cannot be empty." }
                if let args = call["args"], args.objectValue == nil {
                    return "Invalid JSON payload received. \(path).functionCall.args: Proto field is not repeating, cannot start list (an object is expected)."
                }
            }
            if let response = part["functionResponse"] {
                let name = response["name"]?.stringValue ?? ""
                guard previous?["role"] == "model", previousCalls.contains(name) else {
                    return "Please ensure that function response turn comes immediately after a function call turn. \(path).functionResponse.name '\(name)' answers no functionCall of that name in the previous turn."
                }
                if let result = response["response"], result.objectValue == nil {
                    return "Invalid JSON payload received. \(path).functionResponse.response: an object is expected."
                }
            }
        }
        return nil
    }
}
