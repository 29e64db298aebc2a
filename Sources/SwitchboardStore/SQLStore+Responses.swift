import SQLKit
import Foundation

extension SQLStore: ResponseStore {
    struct ResponseRow: Codable {
        var id: String
        var key_id: String
        var previous_response_id: String?
        var model: String
        var created_at: Int64
        var input_items: String
        var response: String

        init(_ stored: StoredResponse) {
            id = stored.id
            key_id = stored.keyID
            previous_response_id = stored.previousResponseID
            model = stored.model
            created_at = stored.createdAt.milliseconds
            input_items = stored.inputItemsJSON
            response = stored.responseJSON
        }

        var stored: StoredResponse {
            StoredResponse(
                id: id, keyID: key_id, previousResponseID: previous_response_id, model: model,
                createdAt: Date(milliseconds: created_at), inputItemsJSON: input_items, responseJSON: response)
        }
    }

    public func saveResponse(_ response: StoredResponse) async throws {
        // A response id is written once; a retried save of the same id replaces the earlier row.
        try await database.delete(from: "stored_responses").where("id", .equal, SQLBind(response.id)).run()
        try await database.insert(into: "stored_responses").model(ResponseRow(response)).run()
    }

    public func response(id: String, keyID: String) async throws -> StoredResponse? {
        try await database.select().columns("*").from("stored_responses")
            .where("id", .equal, SQLBind(id))
            .where("key_id", .equal, SQLBind(keyID))
            .first(decoding: ResponseRow.self)?.stored
    }

    public func deleteResponse(id: String, keyID: String) async throws -> Bool {
        guard try await response(id: id, keyID: keyID) != nil else { return false }
        try await database.delete(from: "stored_responses")
            .where("id", .equal, SQLBind(id))
            .where("key_id", .equal, SQLBind(keyID))
            .run()
        return true
    }
}
