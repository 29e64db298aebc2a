import Testing
import SwitchboardCore
import SwitchboardTesting

@Suite("GET /openapi.json")
struct OpenAPIRouteTests {
    @Test func theDocumentIsServedWithoutAKey() async throws {
        try await Stack.run { harness, _ in
            let exchange = try await harness.send(.GET, "/openapi.json", key: nil)
            #expect(exchange.status == 200)
            #expect(exchange.headers.first(name: "content-type") == "application/json")
            #expect(exchange.headers.first(name: "x-request-id") != nil)
            let document = try #require(exchange.json)
            #expect(document["openapi"]?.stringValue == "3.1.0")
            #expect(document["paths"]?["/v1/chat/completions"]?["post"] != nil)
        }
    }
}
