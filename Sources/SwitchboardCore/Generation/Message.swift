/// One turn of a conversation in the canonical model.
public struct Message: Sendable, Equatable {
    public enum Role: String, Sendable, Equatable {
        case system, developer, user, assistant, tool
    }

    public var role: Role
    public var content: [ContentBlock]
    /// A participant name (OpenAI's `name`), kept when given.
    public var name: String?

    public init(role: Role, content: [ContentBlock], name: String? = nil) {
        self.role = role
        self.content = content
        self.name = name
    }

    /// The message's text parts joined, for providers and logic that only need text.
    public var text: String {
        content.compactMap(\.text).joined()
    }
}
