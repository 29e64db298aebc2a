import Testing
import SwitchboardCore
import SwitchboardProviders
import SwitchboardStore
@testable import SwitchboardServer

@Suite("Config file")
struct ConfigLoaderTests {
    static let full = """
        server:
          host: 0.0.0.0
          port: 9090
          max_body_bytes: 1048576
        database: sqlite:///var/lib/sb.db
        admin_key: ${ADMIN}
        keys:
          - name: ci
            key: ${TEST_KEY}
            models: ["gpt-*", "mock-1"]
        channels:
          - name: openai-main
            provider: openai
            base_url: https://api.openai.com/v1
            api_key: ${OPENAI_API_KEY}
            models: [gpt-5, gpt-5-mini]
            model_map: {fast: gpt-5-nano}
            priority: 1
            weight: 3
            timeouts: {connect: 2, first_byte: 30, idle: 20, total: 300}
          - name: local
            provider: openai-compatible
            base_url: http://127.0.0.1:11434/v1
            models: [llama3]
            stream_usage: false
            headers: {x-org: acme}
        pricing:
          gpt-5: {input: 1.25, cached_input: 0.125, output: 10}
        fallbacks:
          gpt-5: [llama3]
        """

    static let environment = ["ADMIN": "admin-secret", "TEST_KEY": "sk-ci-0123456789", "OPENAI_API_KEY": "sk-upstream"]

    @Test func readsEverySection() throws {
        let configuration = try ConfigLoader.load(text: Self.full, file: "sb.yaml", environment: Self.environment)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9090)
        #expect(configuration.maxBodyBytes == 1_048_576)
        #expect(configuration.databaseURL == "sqlite:///var/lib/sb.db")
        #expect(configuration.adminKey == "admin-secret")
        #expect(configuration.keys == [StaticClientKey(name: "ci", key: "sk-ci-0123456789", models: ["gpt-*", "mock-1"])])
        let openai = try #require(configuration.channels.first)
        #expect(openai.provider == .openai)
        #expect(openai.apiKey == "sk-upstream")
        #expect(openai.servedModels == ["gpt-5", "gpt-5-mini", "fast"])
        #expect(openai.upstreamModel(for: "fast") == "gpt-5-nano")
        #expect(openai.priority == 1 && openai.weight == 3)
        #expect(openai.timeouts == ChannelTimeouts(connect: 2, firstByte: 30, idle: 20, total: 300))
        let local = configuration.channels[1]
        #expect(local.provider == .openaiCompatible)
        #expect(local.streamUsage == false)
        #expect(local.headers == ["x-org": "acme"])
        #expect(configuration.pricing["gpt-5"] == ModelPrice(input: 1.25, cachedInput: 0.125, output: 10))
        #expect(configuration.fallbacks == ["gpt-5": ["llama3"]])
    }

    @Test func reportsEveryProblemWithItsLine() {
        let broken = """
            server:
              port: eighty
              colour: blue
            channels:
              - name: a
                provider: openia
                models: [x]
              - name: b
                provider: openai-compatible
                api_key: ${MISSING_VAR}
                models: [y]
            """
        do {
            _ = try ConfigLoader.load(text: broken, file: "broken.yaml", environment: [:])
            Issue.record("a broken config was accepted")
        } catch {
            let lines = error.diagnostics.compactMap(\.line)
            let text = error.description
            #expect(text.contains("broken.yaml:2:"))
            #expect(text.contains("server.port: expected a whole number, found 'eighty'"))
            #expect(text.contains("unknown setting 'colour'"))
            #expect(text.contains("unknown provider 'openia'"))
            #expect(text.contains("environment variable 'MISSING_VAR' is not set"))
            #expect(text.contains("needs a 'base_url'"))
            #expect(lines.contains(2) && lines.contains(3) && lines.contains(6) && lines.contains(10))
        }
    }

    @Test func readsEveryKindOfPrice() throws {
        let text = """
            pricing:
              claude-sonnet-4-5: {input: 3, cached_input: 0.3, cache_write_5m: 3.75, cache_write_1h: 6, output: 15}
              qwen-plus: {input: 0.4, cache_write: 0.5, output: 1.2, reasoning: 4}
              whisper-1: {per_audio_second: 0.0001}
              tts-1: {per_million_characters: 15}
              dall-e-3: {per_image: 0.04, input: 0, output: 0}
            """
        let pricing = try ConfigLoader.load(text: text, file: "p.yaml", environment: [:]).pricing
        #expect(pricing["claude-sonnet-4-5"] == ModelPrice(input: 3, cachedInput: 0.3, cacheWrite: 3.75, cacheWrite1h: 6, output: 15))
        #expect(pricing["qwen-plus"] == ModelPrice(input: 0.4, cacheWrite: 0.5, output: 1.2, reasoning: 4))
        #expect(pricing["whisper-1"] == ModelPrice(input: 0, output: 0, perAudioSecond: 0.0001))
        #expect(pricing["tts-1"] == ModelPrice(input: 0, output: 0, perMillionCharacters: 15))
        #expect(pricing["dall-e-3"] == ModelPrice(input: 0, output: 0, perImage: 0.04))
    }

    @Test func reportsEveryBadPriceWithItsPath() {
        let text = """
            pricing:
              gpt-5: {input: -1, output: 10}
              gpt-5-mini: {input: 0.25, output: 2, cached: 0.025}
              gpt-5-nano: {input: 0.05}
              o3: {input: 2, output: 8, cache_write: 1, cache_write_5m: 1}
              o4-mini: {input: cheap, output: 4.4}
              tts-1: {per_million_characters: 15, reasoning: 1}
              gpt-4o: 2.5
              gpt-4.1: {}
            """
        do {
            let configuration = try ConfigLoader.load(text: text, file: "p.yaml", environment: [:])
            Issue.record("bad prices were accepted: \(configuration.pricing)")
        } catch {
            let text = error.description
            #expect(text.contains("p.yaml:2:"))
            #expect(text.contains("pricing.gpt-5.input: a price must be zero or more, found '-1'"))
            #expect(text.contains("pricing.gpt-5-mini.cached: unknown price 'cached'"))
            #expect(text.contains("pricing.gpt-5-nano: a price needs 'input' and 'output'"))
            #expect(text.contains("pricing.o3.cache_write_5m: 'cache_write' is given twice"))
            #expect(text.contains("pricing.o4-mini.input: expected a number, found 'cheap'"))
            #expect(text.contains("pricing.tts-1: a price needs 'input' and 'output'"), "a token price makes input and output required")
            #expect(text.contains("pricing.gpt-4o: expected a mapping of prices"))
            #expect(text.contains("pricing.gpt-4.1: a price needs 'input' and 'output'"))
            #expect(error.diagnostics.count == 8)
            #expect(Set(error.diagnostics.compactMap(\.line)) == Set(2...9))
        }
    }

    @Test func invalidYAMLIsReportedWithItsLocation() {
        do {
            _ = try ConfigLoader.load(text: "server:\n  port: [1, 2\n", file: "x.yaml", environment: [:])
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("invalid YAML"))
            #expect(error.diagnostics.first?.line != nil)
        }
    }

    @Test func expansionSupportsDefaultsAndRejectsMissingVariables() throws {
        #expect(try EnvironmentExpansion.expand("a${X}b${Y:-dflt}c", environment: ["X": "1"]) == "a1bdfltc")
        #expect(throws: EnvironmentExpansion.Failure.missing("NOPE")) { try EnvironmentExpansion.expand("${NOPE}", environment: [:]) }
        #expect(throws: EnvironmentExpansion.Failure.unterminated) { try EnvironmentExpansion.expand("${OPEN", environment: [:]) }
    }

    @Test func defaultsServeTheMockAndProvidersFoundInTheEnvironment() {
        let bare = GatewayConfiguration.defaults(environment: [:])
        #expect(bare.channels.map(\.name) == ["mock"])
        #expect(bare.channels.first?.servedModels == MockModels.served)
        #expect(bare.channels.first?.servedModels.first == "mock-1")
        #expect(bare.host == "127.0.0.1" && bare.port == 8080 && bare.databaseURL == "sqlite://switchboard.db")
        let withKeys = GatewayConfiguration.defaults(environment: ["OPENAI_API_KEY": "k1", "DEEPSEEK_API_KEY": "k2"])
        #expect(withKeys.channels.map(\.name) == ["mock", "openai", "deepseek"])
        #expect(withKeys.channels[2].baseURL == "https://api.deepseek.com/v1")
        #expect(withKeys.channels[2].apiKey == "k2")
    }

    @Test func environmentAndFlagsOverrideTheFile() throws {
        let source = ConfigurationSource(
            configPath: nil, databaseURL: nil, host: "0.0.0.0", port: 1234,
            environment: ["SWITCHBOARD_DATABASE": "sqlite://other.db"])
        let configuration = try source.resolve()
        #expect(configuration.databaseURL == "sqlite://other.db")
        #expect(configuration.host == "0.0.0.0" && configuration.port == 1234)
    }

    @Test func anEmptyFileMeansDefaults() throws {
        let configuration = try ConfigLoader.load(text: "", file: "empty.yaml", environment: [:])
        #expect(configuration.channels.map(\.name) == ["mock"])
    }
}

@Suite("Config keys with limits")
struct ConfigKeyLimitsTests {
    @Test func configKeysCarryLimitsAndBudgets() throws {
        let yaml = """
        keys:
          - name: ci
            key: sk-ci-0123456789
            rpm: 60
            tpm: 10000
            max_concurrency: 4
            budget_usd: 25.5
            budget_period: daily
        """
        let configuration = try ConfigLoader.load(text: yaml, file: "test.yaml", environment: [:])
        let limits = try #require(configuration.keys.first?.limits)
        #expect(limits == StaticClientKey.Limits(rpm: 60, tpm: 10000, maxConcurrency: 4, budgetUSD: 25.5, budgetPeriod: .daily))
    }

    @Test func badLimitsAreReportedWithTheirPath() {
        let yaml = """
        keys:
          - name: ci
            key: sk-ci-0123456789
            rpm: 0
            budget_period: weekly
        """
        #expect(throws: ConfigError.self) { try ConfigLoader.load(text: yaml, file: "test.yaml", environment: [:]) }
    }
}
