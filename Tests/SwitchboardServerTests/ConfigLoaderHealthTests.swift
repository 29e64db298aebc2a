import Testing
import SwitchboardCore
import SwitchboardProviders
@testable import SwitchboardServer

/// The reliability settings of the config file: `breakers:`, `server.shutdown_grace`, and a
/// channel's `probe:` and `capabilities:`.
@Suite("Config file: breakers, probes, capabilities, shutdown")
struct ConfigLoaderHealthTests {
    @Test func readsEveryReliabilitySetting() throws {
        let text = """
            server: {shutdown_grace: 12.5}
            breakers: {failures: 3, error_rate: 0.25, window: 30, min_requests: 8, cooldown: 2, max_cooldown: 60, probe_timeout: 10}
            channels:
              - name: local
                provider: openai-compatible
                base_url: http://127.0.0.1:11434/v1
                models: [llama3, nomic-embed-text]
                probe: {interval: 15, models: [nomic-embed-text]}
                capabilities: {tools: false}
              - name: vllm
                provider: openai-compatible
                base_url: http://10.0.0.2:8000/v1
                models: [qwen3]
                probe: 45
              - name: paid
                provider: openai
                models: [gpt-5]
            """
        let configuration = try ConfigLoader.load(text: text, file: "r.yaml", environment: [:])
        #expect(configuration.shutdownGrace == 12.5)
        let breakers = configuration.breakers
        #expect(breakers.consecutiveFailures == 3)
        #expect(breakers.errorRateThreshold == 0.25)
        #expect(breakers.window == .seconds(30))
        #expect(breakers.minimumRequests == 8)
        #expect(breakers.cooldown == .seconds(2))
        #expect(breakers.maxCooldown == .seconds(60))
        #expect(breakers.probeTimeout == .seconds(10))
        let channels = Dictionary(uniqueKeysWithValues: configuration.channels.map { ($0.name, $0) })
        #expect(channels["local"]?.probe == ChannelProbeSettings(interval: 15, models: ["nomic-embed-text"]))
        #expect(channels["local"]?.capabilities == ChannelCapabilities(tools: false, vision: true))
        #expect(channels["vllm"]?.probe == ChannelProbeSettings(interval: 45))
        #expect(channels["vllm"]?.capabilities == ChannelCapabilities())
        #expect(channels["paid"]?.probe == nil, "probes are off unless a channel asks for them")
    }

    @Test func defaultsHoldWhenNothingIsSaid() throws {
        let configuration = try ConfigLoader.load(text: "", file: "empty.yaml", environment: [:])
        #expect(configuration.breakers == BreakerPolicy())
        #expect(configuration.shutdownGrace == 30)
    }

    @Test func badReliabilitySettingsAreNamed() {
        let text = """
            server: {shutdown_grace: -1}
            breakers: {failures: 0, error_rate: 2, cooldown: 0, colour: red}
            channels:
              - name: local
                provider: openai-compatible
                base_url: http://127.0.0.1:11434/v1
                models: [llama3]
                probe: {interval: 0.5}
                capabilities: {audio: false}
              - name: local2
                provider: openai-compatible
                base_url: http://127.0.0.1:11434/v1
                models: [llama3]
                probe: {interval: 5, models: [other]}
            """
        do {
            _ = try ConfigLoader.load(text: text, file: "bad.yaml", environment: [:])
            Issue.record("a broken config was accepted")
        } catch {
            let text = error.description
            #expect(text.contains("server.shutdown_grace: must not be negative"))
            #expect(text.contains("breakers.failures"))
            #expect(text.contains("breakers.error_rate: must be between 0 and 1"))
            #expect(text.contains("breakers.cooldown: must be a positive number of seconds"))
            #expect(text.contains("unknown setting 'colour'"))
            #expect(text.contains("the probe interval must be at least 1 second"))
            #expect(text.contains("'other' is not among the channel's models"))
            #expect(text.contains("unknown capability 'audio'"))
        }
    }

    @Test func probeKindsFollowTheModelName() {
        #expect(ProbeKind.of(model: "text-embedding-3-small") == .embeddings)
        #expect(ProbeKind.of(model: "gemini-embedding-001") == .embeddings)
        #expect(ProbeKind.of(model: "nomic-embed-text") == .embeddings)
        #expect(ProbeKind.of(model: "bge-m3") == .embeddings)
        #expect(ProbeKind.of(model: "gpt-5-mini") == .chat)
        #expect(ProbeKind.of(model: "claude-sonnet-4-5") == .chat)
    }

    @Test func requirementsAreReadFromEachFormat() {
        let chat = RequestRequirements.ofChat(
            tools: nil, functions: nil,
            messages: [["role": "user", "content": [["type": "image_url", "image_url": ["url": "https://x/y.png"]]]]])
        #expect(chat == RequestRequirements(vision: true))
        let toolTurn = RequestRequirements.ofChat(tools: nil, functions: nil, messages: [["role": "tool", "content": "ok"]])
        #expect(toolTurn == RequestRequirements(tools: true))
        #expect(RequestRequirements.ofChat(tools: [], functions: nil, messages: [["role": "user", "content": "hi"]]) == .none)
        let hosted = RequestRequirements.ofResponses(["model": "m", "input": "hi", "tools": [["type": "web_search"]]])
        #expect(hosted == RequestRequirements(tools: true, responsesAPI: true))
        let background = RequestRequirements.ofResponses(["model": "m", "input": "hi", "background": true])
        #expect(background == RequestRequirements(responsesAPI: true))
        let image = RequestRequirements.ofResponses([
            "model": "m", "input": [["role": "user", "content": [["type": "input_image", "image_url": "https://x/y.png"]]]],
        ])
        #expect(image == RequestRequirements(vision: true))
        let output = RequestRequirements.ofResponses(["model": "m", "input": [["type": "function_call_output", "call_id": "c", "output": "1"]]])
        #expect(output == RequestRequirements(tools: true))
    }

    @Test func theEventLoopRelayIsOnUnlessTurnedOff() throws {
        #expect(try ConfigLoader.load(text: "server: {port: 8080}", file: "a.yaml", environment: [:]).eventLoopRelay)
        let off = try ConfigLoader.load(text: "server: {event_loop_relay: false}", file: "b.yaml", environment: [:])
        #expect(!off.eventLoopRelay)
    }
}
