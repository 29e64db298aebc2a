public import Foundation

/// A Responses API response kept for `GET /v1/responses/{id}` and `previous_response_id` chains.
///
/// The JSON is kept as the client saw it (the response object and the request's own input items),
/// so a chain can be rebuilt for any upstream without knowing which one produced it.
public struct StoredResponse: Sendable, Equatable {
    public var id: String
    /// The key that made it: only that key may read, chain or delete it.
    public var keyID: String
    public var previousResponseID: String?
    public var model: String
    public var createdAt: Date
    /// The request's own input items (not its history), serialised JSON array.
    public var inputItemsJSON: String
    /// The response object, serialised JSON.
    public var responseJSON: String

    public init(
        id: String, keyID: String, previousResponseID: String?, model: String, createdAt: Date,
        inputItemsJSON: String, responseJSON: String
    ) {
        self.id = id
        self.keyID = keyID
        self.previousResponseID = previousResponseID
        self.model = model
        self.createdAt = createdAt
        self.inputItemsJSON = inputItemsJSON
        self.responseJSON = responseJSON
    }
}

/// Where stored Responses API responses live.
public protocol ResponseStore: Sendable {
    func saveResponse(_ response: StoredResponse) async throws
    /// The response with this id made by this key; nil when there is none or another key made it.
    func response(id: String, keyID: String) async throws -> StoredResponse?
    /// Deletes a response of this key; false when there is none.
    func deleteResponse(id: String, keyID: String) async throws -> Bool
}
