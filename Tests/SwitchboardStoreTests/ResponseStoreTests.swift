import Testing
import Foundation
@testable import SwitchboardStore

@Suite("Stored responses")
struct ResponseStoreTests {
    func sample(id: String, key: String, previous: String? = nil) -> StoredResponse {
        StoredResponse(
            id: id, keyID: key, previousResponseID: previous, model: "mock-1",
            createdAt: Date(milliseconds: 1_700_000_000_000),
            inputItemsJSON: #"[{"type":"message","role":"user","content":"hi"}]"#,
            responseJSON: #"{"id":"\#(id)","object":"response","output":[]}"#)
    }

    @Test(arguments: StoreBackend.allCases)
    func aResponseIsReadOnlyByTheKeyThatMadeIt(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.saveResponse(sample(id: "resp_1", key: "key_a"))
            let own = try await store.response(id: "resp_1", keyID: "key_a")
            #expect(own == sample(id: "resp_1", key: "key_a"))
            #expect(try await store.response(id: "resp_1", keyID: "key_b") == nil)
            #expect(try await store.response(id: "resp_unknown", keyID: "key_a") == nil)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func chainsKeepTheirPreviousIdAndDeletionIsPerKey(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.saveResponse(sample(id: "resp_1", key: "key_a"))
            try await store.saveResponse(sample(id: "resp_2", key: "key_a", previous: "resp_1"))
            #expect(try await store.response(id: "resp_2", keyID: "key_a")?.previousResponseID == "resp_1")
            #expect(try await store.deleteResponse(id: "resp_2", keyID: "key_b") == false)
            #expect(try await store.deleteResponse(id: "resp_2", keyID: "key_a"))
            #expect(try await store.response(id: "resp_2", keyID: "key_a") == nil)
            #expect(try await store.deleteResponse(id: "resp_2", keyID: "key_a") == false)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func savingTheSameIdTwiceKeepsTheLastVersion(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.saveResponse(sample(id: "resp_1", key: "key_a"))
            var updated = sample(id: "resp_1", key: "key_a")
            updated.responseJSON = #"{"id":"resp_1","status":"completed"}"#
            try await store.saveResponse(updated)
            #expect(try await store.response(id: "resp_1", keyID: "key_a")?.responseJSON == updated.responseJSON)
        }
    }
}
