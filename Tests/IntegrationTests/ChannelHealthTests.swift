import Testing
import Foundation
import SwitchboardCore
import SwitchboardProviders
import SwitchboardServer
import SwitchboardStore
import SwitchboardTesting

/// Capability routing and background health probes over loopback: a request skips a channel that
/// cannot serve what it uses; probes open a failing channel's breaker without client traffic and
/// enable a channel again once a probe passes; the admin API shows the probes.
@Suite("Channel capabilities and health probes")
struct ChannelHealthTests {
    /// `first` (priority 0, optionally restricted or probed) and `second` (priority 1) serve `dual`.
    static func run(
        first: [String: String], second: [String: String], capabilities: ChannelCapabilities = .init(),
        probe: ChannelProbeSettings? = nil,
        _ body: @Sendable (GatewayHarness, TestUpstream) async throws -> Void
    ) async throws {
        try await Stack.runTwoChannels(
            first: first, second: second,
            shapeFirst: { channel in
                channel.probe = probe
                channel.capabilities = capabilities
            }, body)
    }

    static let tool: JSONValue = [
        "type": "function",
        "function": ["name": "get_weather", "parameters": ["type": "object", "properties": [:]]],
    ]

    static func withImage(_ model: String) -> JSONValue {
        [
            "model": .string(model),
            "messages": [[
                "role": "user",
                "content": [
                    ["type": "text", "text": "What is this?"],
                    ["type": "image_url", "image_url": ["url": "data:image/png;base64,iVBORw0KGgo="]],
                ],
            ]],
        ]
    }

    @Test func aRequestSkipsAChannelThatCannotServeWhatItUses() async throws {
        try await Self.run(
            first: ["dual": "plain-first", "only-plain": "plain-only"], second: ["dual": "plain-second"],
            capabilities: ChannelCapabilities(tools: false, vision: false)
        ) { gateway, upstream in
            let plain = try await gateway.post("/v1/chat/completions", json: Stack.chat("dual"))
            #expect(plain.status == 200)
            #expect(Stack.requests(to: upstream, model: "plain-first") == 1, "a plain request goes to the first channel")

            let tools = try await gateway.post("/v1/chat/completions", json: Stack.chat("dual", extra: ["tools": [Self.tool]]))
            #expect(tools.status == 200)
            let vision = try await gateway.post("/v1/chat/completions", json: Self.withImage("dual"))
            #expect(vision.status == 200)
            let toolResult: JSONValue = [
                "model": "dual",
                "messages": [
                    ["role": "user", "content": "Weather?"],
                    ["role": "assistant", "tool_calls": [["id": "call_1", "type": "function", "function": ["name": "get_weather", "arguments": "{}"]]]],
                    ["role": "tool", "tool_call_id": "call_1", "content": "Sunny"],
                ],
            ]
            let continued = try await gateway.post("/v1/chat/completions", json: toolResult)
            #expect(continued.status == 200)
            #expect(Stack.requests(to: upstream, model: "plain-second") == 3, "tools, images and tool results skip the first channel")
            #expect(Stack.requests(to: upstream, model: "plain-first") == 1)

            let anthropic = try await gateway.post(
                "/v1/messages",
                json: ["model": "dual", "max_tokens": 16, "tools": [["name": "get_weather", "input_schema": ["type": "object"]]],
                       "messages": [["role": "user", "content": "Weather?"]]])
            #expect(anthropic.status == 200, "the Anthropic client's tools skip it too: \(anthropic.text.prefix(200))")
            #expect(Stack.requests(to: upstream, model: "plain-first") == 1)

            let unservable = try await gateway.post("/v1/chat/completions", json: Stack.chat("only-plain", extra: ["tools": [Self.tool]]))
            #expect(unservable.status == 400)
            #expect(unservable.json?["error"]?["param"]?.stringValue == "tools")
            #expect(unservable.json?["error"]?["message"]?.stringValue?.contains("tools") == true)
            #expect(Stack.requests(to: upstream, model: "plain-only") == 0)
        }
    }

    @Test func probesOpenAFailingChannelsBreakerWithoutClientTraffic() async throws {
        try await Self.run(
            first: ["dual": "fault:status-503"], second: ["dual": "plain-second"],
            probe: ChannelProbeSettings(interval: 1)
        ) { gateway, upstream in
            // Five failed probes in a row open the breaker (the default policy), one a second.
            let opened = try await ReplicaTests.eventually(within: 20) {
                let shown = try await gateway.send(.GET, "/admin/v1/channels/config:first", key: GatewayHarness.adminKey)
                return shown.json?["health"]?["state"]?.stringValue == "open"
            }
            #expect(opened)
            let probes = Stack.requests(to: upstream, model: "fault:status-503")
            #expect(probes >= 3, "the probes, not client requests, opened it")
            let shown = try await gateway.send(.GET, "/admin/v1/channels/config:first", key: GatewayHarness.adminKey)
            let probe = shown.json?["health"]?["probes"]?["dual"]
            #expect(probe?["ok"]?.boolValue == false)
            #expect(probe?["error"]?.stringValue?.isEmpty == false)

            let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("dual"))
            #expect(answer.status == 200)
            #expect(Stack.requests(to: upstream, model: "plain-second") == 1, "the open breaker sends the client to the next channel")
        }
    }

    @Test func aPassingProbeEnablesAChannelAnAuthFailureDisabled() async throws {
        // The first request to this upstream model fails with 401; later ones succeed.
        try await Self.run(
            first: ["dual": "fault:flaky-1-401-probe"], second: ["dual": "plain-second"],
            probe: ChannelProbeSettings(interval: 1)
        ) { gateway, upstream in
            let first = try await gateway.post("/v1/chat/completions", json: Stack.chat("dual"))
            #expect(first.status == 401)
            let disabled = try await gateway.send(.GET, "/admin/v1/channels/config:first", key: GatewayHarness.adminKey)
            // A probe (one a second) may pass between the 401 and this look; only then may the
            // channel already be healthy again. The count is read after the look, so it is sound.
            let probedSince = Stack.requests(to: upstream, model: "fault:flaky-1-401-probe") > 1
            #expect(disabled.json?["health"]?["state"]?.stringValue == "disabled" || probedSince)

            let enabled = try await ReplicaTests.eventually(within: 15) {
                let shown = try await gateway.send(.GET, "/admin/v1/channels/config:first", key: GatewayHarness.adminKey)
                return shown.json?["health"]?["state"]?.stringValue == "healthy"
            }
            #expect(enabled, "a probe passed, so the channel serves again")
            let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("dual"))
            #expect(answer.status == 200)
            #expect(Stack.requests(to: upstream, model: "plain-second") == 0)
        }
    }

    @Test func channelsWithoutProbeSettingsAreNeverProbed() async throws {
        try await Self.run(first: ["dual": "plain-first"], second: ["dual": "plain-second"]) { gateway, upstream in
            try await Task.sleep(for: .seconds(2))
            #expect(upstream.requests.isEmpty)
            let shown = try await gateway.send(.GET, "/admin/v1/channels/config:first", key: GatewayHarness.adminKey)
            #expect(shown.json?["health"]?["probes"]?.objectValue?.isEmpty == true)
            #expect(shown.json?["probe"] == .null)
        }
    }

    /// The test above cannot tell a prober that never runs from one that skips the channel: here a
    /// probed channel beside it shows the prober running while the unprobed one gets nothing.
    @Test func onlyChannelsWithProbeSettingsAreProbed() async throws {
        try await Self.run(
            first: ["dual": "plain-probed"], second: ["dual": "plain-unprobed"], probe: ChannelProbeSettings(interval: 1)
        ) { gateway, upstream in
            let probed = try await ReplicaTests.eventually(within: 15) { Stack.requests(to: upstream, model: "plain-probed") >= 2 }
            #expect(probed, "the probed channel got its probes")
            #expect(Stack.requests(to: upstream, model: "plain-unprobed") == 0, "the channel without probe: was never probed")
            let shown = try await gateway.send(.GET, "/admin/v1/channels/config:first", key: GatewayHarness.adminKey)
            #expect(shown.json?["health"]?["probes"]?["dual"]?["ok"]?.boolValue == true)
        }
    }
}
