/// A function the model may call, with its JSON Schema.
public struct ToolDefinition: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var parameters: JSONValue?
    public var strict: Bool?

    public init(name: String, description: String? = nil, parameters: JSONValue? = nil, strict: Bool? = nil) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.strict = strict
    }
}

/// How the model may use the offered tools.
public enum ToolChoice: Sendable, Equatable {
    case auto
    case none
    case required
    case function(String)
}

/// The shape the model's text output must take.
public enum ResponseFormat: Sendable, Equatable {
    case text
    case jsonObject
    case jsonSchema(name: String, schema: JSONValue?, strict: Bool?)
}
