import SwitchboardCore
import SwitchboardStore
import Foundation

/// Rebuilds the conversation a `previous_response_id` points at from the store, for any upstream:
/// each ancestor's own input items followed by its output items, oldest first.
///
/// `instructions` are not carried over (OpenAI's rule): they live on the response, not in items.
enum ResponsesHistory {
    /// A chain whose items take more than this many bytes is refused rather than sent on.
    static let maximumBytes = 16 * 1024 * 1024

    static func items(before previousID: String, keyID: String, store: any ResponseStore) async throws -> [JSONValue] {
        var turns: [[JSONValue]] = []
        var visited: Set<String> = []
        var totalBytes = 0
        var nextID: String? = previousID
        while let id = nextID {
            guard visited.insert(id).inserted else { break }
            guard let stored = try await store.response(id: id, keyID: keyID) else {
                throw GatewayError(
                    .invalidRequest, "Previous response with id '\(id)' not found.", param: "previous_response_id",
                    code: "previous_response_not_found")
            }
            totalBytes += stored.inputItemsJSON.utf8.count + stored.responseJSON.utf8.count
            guard totalBytes <= maximumBytes else {
                throw GatewayError(
                    .invalidRequest,
                    "The conversation chained by previous_response_id is larger than \(maximumBytes) bytes; start a new one or send the items yourself.",
                    param: "previous_response_id", code: "context_length_exceeded")
            }
            let input = (try? JSON.parse(stored.inputItemsJSON))?.arrayValue ?? []
            let output = (try? JSON.parse(stored.responseJSON))?["output"]?.arrayValue ?? []
            turns.append(input + output)
            nextID = stored.previousResponseID
        }
        return turns.reversed().flatMap { $0 }
    }

    /// Keeps a response and the request's own input items for later chaining and retrieval.
    static func save(
        response: JSONValue, input: [JSONValue], previousID: String?, keyID: String, model: String,
        store: any ResponseStore
    ) async throws {
        guard let id = response["id"]?.stringValue else { return }
        try await store.saveResponse(StoredResponse(
            id: id, keyID: keyID, previousResponseID: previousID, model: model, createdAt: Date(),
            inputItemsJSON: JSON.string(.array(input)), responseJSON: JSON.string(response)))
    }
}
