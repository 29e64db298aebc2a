import Testing
import Foundation
import NIOHTTP1
import SwitchboardCore
import SwitchboardServer
import SwitchboardTesting

/// The admin API over loopback: its own key, keys with the secret shown once, channels added,
/// changed and removed at runtime, and what reaches the client side at once.
@Suite("Admin API")
struct AdminAPITests {
    static let admin = GatewayHarness.adminKey

    @Test func adminRoutesNeedTheAdminKeyAndRejectClientKeys() async throws {
        try await Stack.run { gateway, _ in
            let none = try await gateway.send(.GET, "/admin/v1/keys", key: nil)
            #expect(none.status == 401)
            #expect(none.json?["error"]?["type"]?.stringValue == "authentication_error")
            let client = try await gateway.send(.GET, "/admin/v1/keys", key: GatewayHarness.clientKey)
            #expect(client.status == 401)
            let asClient = try await gateway.send(.GET, "/v1/models", key: Self.admin)
            #expect(asClient.status == 401)
            let ok = try await gateway.send(.GET, "/admin/v1/keys", key: Self.admin)
            #expect(ok.status == 200)
            #expect(ok.json?["object"]?.stringValue == "list")
        }
    }

    @Test func keysAreCreatedShownOnceUpdatedAndRevokedWithImmediateEffect() async throws {
        try await Stack.run { gateway, _ in
            let created = try await gateway.post("/admin/v1/keys", json: [
                "name": "team-a", "models": ["mock-*"], "rpm": 100, "budget_usd": 5, "budget_period": "monthly",
                "allowed_ips": ["127.0.0.0/8", "::1"], "metadata": ["team": "a"],
            ], key: Self.admin)
            #expect(created.status == 201)
            let object = try #require(created.json)
            let secret = try #require(object["key"]?.stringValue)
            let id = try #require(object["id"]?.stringValue)
            #expect(secret.hasPrefix("sk-") && secret.count == 51)
            #expect(object["key_hint"]?.stringValue == "sk-..." + secret.suffix(4))
            #expect(object["budget_period"]?.stringValue == "monthly")
            #expect(object["metadata"]?["team"]?.stringValue == "a")

            let listed = try await gateway.send(.GET, "/admin/v1/keys", key: Self.admin)
            #expect(!listed.text.contains(secret))
            #expect(listed.json?["data"]?.arrayValue?.contains { $0["id"]?.stringValue == id } == true)

            #expect(try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: secret).status == 200)

            let narrowed = try await gateway.send(
                .PATCH, "/admin/v1/keys/\(id)", body: JSON.serialize(["models": ["gpt-*"], "rpm": .null]), key: Self.admin)
            #expect(narrowed.status == 200)
            #expect(narrowed.json?["rpm"]?.isNull == true)
            let forbidden = try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: secret)
            #expect(forbidden.status == 403)

            let revoked = try await gateway.send(.DELETE, "/admin/v1/keys/\(id)", key: Self.admin)
            #expect(revoked.json?["status"]?.stringValue == "revoked")
            #expect(try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: secret).status == 401)
            #expect(try await gateway.send(.GET, "/admin/v1/keys/key_missing", key: Self.admin).status == 404)
        }
    }

    @Test(arguments: [
        (#"{"models":["*"]}"#, "name"),
        (#"{"name":"x","rpm":"many"}"#, "rpm"),
        (#"{"name":"x","rpm":0}"#, "rpm"),
        (#"{"name":"x","budget_usd":-1}"#, "budget_usd"),
        (#"{"name":"x","budget_period":"weekly"}"#, "budget_period"),
        (#"{"name":"x","allowed_ips":["10.0.0.0/33"]}"#, "allowed_ips"),
        (#"{"name":"x","expires_at":"tomorrow"}"#, "expires_at"),
        (#"{"name":"x","colour":"red"}"#, "colour"),
    ])
    func badKeyBodiesAre400sNamingTheField(_ body: String, _ field: String) async throws {
        try await Stack.run { gateway, _ in
            let answer = try await gateway.send(.POST, "/admin/v1/keys", body: Array(body.utf8), key: Self.admin)
            #expect(answer.status == 400)
            #expect(answer.json?["error"]?["param"]?.stringValue == field)
        }
    }

    @Test func aKeyIsRefusedFromAnAddressOutsideItsAllowList() async throws {
        try await Stack.run { gateway, _ in
            let created = try await gateway.post(
                "/admin/v1/keys", json: ["name": "office", "allowed_ips": ["10.0.0.0/8"]], key: Self.admin)
            let secret = try #require(created.json?["key"]?.stringValue)
            let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("mock-1"), key: secret)
            #expect(answer.status == 403)
            #expect(answer.json?["error"]?["code"]?.stringValue == "ip_not_allowed")
        }
    }

    @Test func runtimeChannelsRouteAtOnceHideTheirKeyAndCanBeDisabledAndDeleted() async throws {
        try await Stack.run { gateway, upstream in
            let created = try await gateway.post("/admin/v1/channels", json: [
                "name": "runtime", "provider": "openai-compatible", "base_url": .string(upstream.baseURL),
                "api_key": "sk-upstream-runtime-secret", "model_map": ["rt-model": "gpt-4o-mini"],
            ], key: Self.admin)
            #expect(created.status == 201)
            #expect(!created.text.contains("sk-upstream-runtime-secret"))
            let id = try #require(created.json?["id"]?.stringValue)
            #expect(created.json?["has_api_key"]?.boolValue == true)

            let routed = try await gateway.post("/v1/chat/completions", json: Stack.chat("rt-model"))
            #expect(routed.status == 200)
            #expect(routed.json?["model"]?.stringValue == "rt-model")

            let shown = try await gateway.send(.GET, "/admin/v1/channels/\(id)", key: Self.admin)
            #expect(shown.json?["health"]?["requests"]?.intValue == 1)
            #expect(shown.json?["health"]?["state"]?.stringValue == "healthy")

            let tested = try await gateway.send(.POST, "/admin/v1/channels/\(id)/test", key: Self.admin)
            #expect(tested.json?["ok"]?.boolValue == true)
            #expect((tested.json?["latency_ms"]?.doubleValue ?? -1) >= 0)

            let listed = try await gateway.send(.GET, "/admin/v1/channels", key: Self.admin)
            let names = listed.json?["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names.contains("runtime") && names.contains("mock"))
            #expect(!listed.text.contains("sk-upstream-secret") && !listed.text.contains("sk-upstream-runtime-secret"))

            let disabled = try await gateway.send(
                .PATCH, "/admin/v1/channels/\(id)", body: JSON.serialize(["enabled": false]), key: Self.admin)
            #expect(disabled.json?["health"]?["state"]?.stringValue == "disabled")
            #expect(try await gateway.post("/v1/chat/completions", json: Stack.chat("rt-model")).status == 404)

            let enabled = try await gateway.send(
                .PATCH, "/admin/v1/channels/\(id)", body: JSON.serialize(["enabled": true]), key: Self.admin)
            #expect(enabled.status == 200)
            #expect(try await gateway.post("/v1/chat/completions", json: Stack.chat("rt-model")).status == 200)
            #expect(upstream.requests.last?.headers["authorization"] == "Bearer sk-upstream-runtime-secret")

            #expect(try await gateway.send(.DELETE, "/admin/v1/channels/\(id)", key: Self.admin).status == 200)
            #expect(try await gateway.post("/v1/chat/completions", json: Stack.chat("rt-model")).status == 404)
            #expect(try await gateway.send(.GET, "/admin/v1/channels/\(id)", key: Self.admin).status == 404)
        }
    }

    @Test func channelNamesAreUniqueAndConfigChannelsAreReadOnly() async throws {
        try await Stack.run { gateway, _ in
            let clash = try await gateway.post(
                "/admin/v1/channels", json: ["name": "mock", "provider": "mock", "models": ["mock-2"]], key: Self.admin)
            #expect(clash.status == 409)
            let missing = try await gateway.post(
                "/admin/v1/channels", json: ["name": "x", "provider": "openai-compatible", "models": ["m"]], key: Self.admin)
            #expect(missing.status == 400)
            #expect(missing.json?["error"]?["param"]?.stringValue == "base_url")
            let readOnly = try await gateway.send(
                .PATCH, "/admin/v1/channels/config:mock", body: JSON.serialize(["enabled": false]), key: Self.admin)
            #expect(readOnly.status == 409)
        }
    }
}
