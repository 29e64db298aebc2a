import SwitchboardCore

extension OpenAPIDocument {
    /// Error statuses an operation that generates (takes a body, may go upstream) can answer with.
    static let generationErrorStatuses = ["400", "401", "403", "404", "413", "429", "500", "502", "503", "504"]
    /// Error statuses of the other authenticated operations (lists, stored responses).
    static let readErrorStatuses = ["400", "401", "403", "404", "429", "500", "503"]

    /// Adds the error responses to every authenticated operation, each in the envelope the gateway
    /// answers with on that path (``ErrorEnvelope/init(path:)``), so the two cannot disagree.
    static func addingErrorResponses(to document: JSONValue) -> JSONValue {
        guard var root = document.objectValue, var paths = root["paths"]?.objectValue else { return document }
        for path in paths.keys {
            guard var item = paths[path]?.objectValue else { continue }
            let reference = JSONValue.object(["$ref": .string("#/components/responses/\(responseName(for: path))")])
            for method in ["get", "post", "delete"] {
                guard var operation = item[method]?.objectValue, operation["security"]?.arrayValue?.isEmpty == false else {
                    continue
                }
                var responses = operation["responses"]?.objectValue ?? JSONObject()
                for status in method == "post" ? generationErrorStatuses : readErrorStatuses where responses[status] == nil {
                    responses[status] = reference
                }
                operation["responses"] = .object(responses)
                item[method] = .object(operation)
            }
            paths[path] = .object(item)
        }
        root["paths"] = .object(paths)
        return .object(root)
    }

    /// The name under `components/responses` of the error response for a path.
    static func responseName(for path: String) -> String {
        switch ErrorEnvelope(path: path) {
        case .openAI: "OpenAIError"
        case .anthropic: "AnthropicError"
        case .gemini: "GeminiError"
        }
    }
}
