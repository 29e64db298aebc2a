import Testing
import SwitchboardCore
import SwitchboardProviders

/// Upstream requests are written without NIO's per-request header validation, so a channel's own
/// headers and API key are checked once, when the channel is made (from the config file or the
/// admin API).
@Suite("Channel headers")
struct ChannelHeaderCheckTests {
    static func channel(headers: [String: String] = [:], apiKey: String? = "sk-upstream") throws(GatewayError) -> Channel {
        try Channel.make(ChannelConfiguration(
            name: "up", provider: .openaiCompatible, baseURL: "http://127.0.0.1:9/v1", apiKey: apiKey, models: ["m"],
            headers: headers))
    }

    @Test func wellFormedHeadersAreAccepted() async throws {
        let channel = try Self.channel(headers: ["x-org": "acme", "OpenAI-Project": "proj_1 two words"])
        await channel.shutdown()
    }

    @Test(arguments: [
        (["x-org": "acme\r\nx-injected: 1"], "line break"), (["x-org": "a\nb"], "line break"), (["x-org": "a\u{0}b"], "NUL"),
        (["bad name": "v"], "not a valid HTTP header name"), (["": "v"], "not a valid HTTP header name"),
        (["x-ä": "v"], "not a valid HTTP header name"),
    ])
    func malformedHeadersAreRefused(_ headers: [String: String], _ complaint: String) {
        #expect(throws: GatewayError.self) { try Self.channel(headers: headers) }
        do {
            _ = try Self.channel(headers: headers)
        } catch {
            #expect(error.message.contains(complaint), "\(error.message)")
        }
    }

    @Test func anAPIKeyWithALineBreakIsRefused() {
        #expect(throws: GatewayError.self) { try Self.channel(apiKey: "sk-1\r\nHost: evil") }
    }
}
