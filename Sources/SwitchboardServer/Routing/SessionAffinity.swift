import HTTPTypes
import SwitchboardCore
import SwitchboardFormats

/// The session a request belongs to, for sticking it to one channel: the client's
/// `prompt_cache_key`, `metadata.user_id` (Claude Code), `user`, or a session header
/// (`x-session-id`, `session_id` as Codex sends it), in that order.
enum SessionAffinity {
    static let headers = [HTTPField.Name("x-session-id")!, HTTPField.Name("session_id")!, HTTPField.Name("x-session-affinity")!]

    static func key(headers: some RequestHeaderFields, promptCacheKey: String?, metadataUserID: String?, user: String?) -> String? {
        for candidate in [promptCacheKey, metadataUserID, user] {
            if let candidate, !candidate.isEmpty { return candidate }
        }
        for name in Self.headers {
            if let value = headers.firstValue(name), !value.isEmpty { return value }
        }
        return nil
    }

    /// The session of a Chat Completions request.
    static func key(of chat: OpenAIChatInboundRequest, headers: some RequestHeaderFields) -> String? {
        key(headers: headers, promptCacheKey: chat.member("prompt_cache_key")?.stringValue,
            metadataUserID: chat.member("metadata")?["user_id"]?.stringValue, user: chat.member("user")?.stringValue)
    }
}
