import Testing
import SwitchboardCore
import SwitchboardFormats

@Suite("Chat Completions request validation")
struct OpenAIChatInboundRequestTests {
    static func request(_ text: String) throws(GatewayError) -> OpenAIChatInboundRequest {
        try OpenAIChatInboundRequest(body: Array(text.utf8))
    }

    @Test func acceptsAMinimalRequest() throws {
        let request = try Self.request(#"{"model":"gpt-5","messages":[{"role":"user","content":"hi"}]}"#)
        #expect(request.model == "gpt-5")
        #expect(request.stream == false)
        #expect(request.includeUsage == false)
    }

    @Test func readsStreamAndUsageFlags() throws {
        let request = try Self.request(
            #"{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}"#)
        #expect(request.stream)
        #expect(request.includeUsage)
    }

    @Test(arguments: [
        (#"{"messages":[{"role":"user","content":"x"}]}"#, "model"),
        (#"{"model":5,"messages":[{"role":"user","content":"x"}]}"#, "model"),
        (#"{"model":"","messages":[{"role":"user","content":"x"}]}"#, "model"),
        (#"{"model":"m"}"#, "messages"),
        (#"{"model":"m","messages":"hi"}"#, "messages"),
        (#"{"model":"m","messages":[]}"#, "messages"),
        (#"{"model":"m","messages":[42]}"#, "messages[0]"),
        (#"{"model":"m","messages":[{"content":"x"}]}"#, "messages[0].role"),
        (#"{"model":"m","messages":[{"role":"wizard","content":"x"}]}"#, "messages[0].role"),
        (#"{"model":"m","messages":[{"role":"user","content":7}]}"#, "messages[0].content"),
        (#"{"model":"m","messages":[{"role":"user"}]}"#, "messages[0].content"),
        (#"{"model":"m","messages":[{"role":"tool","content":"x"}]}"#, "messages[0].tool_call_id"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"text"}]}]}"#, "messages[0].content[0].text"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"text":"x"}]}]}"#, "messages[0].content[0]"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"stream":"yes"}"#, "stream"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":-5}"#, "max_tokens"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"max_completion_tokens":1.5}"#, "max_completion_tokens"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"n":100000}"#, "n"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"}"#, "temperature"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"tools":{}}"#, "tools"),
    ])
    func rejectsBadRequestsNamingTheField(_ body: String, _ field: String) {
        do {
            _ = try Self.request(body)
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.status == 400)
            #expect(error.param == field)
            #expect(error.message.contains(field.components(separatedBy: ".").last!.components(separatedBy: "[").first!))
        }
    }

    @Test(arguments: ["", "not json", "{\"model\":", "[1,2]", "{\"model\":\"m\"}}"])
    func malformedJSONIsA400(_ body: String) {
        #expect(throws: GatewayError.self) { try Self.request(body) }
    }

    @Test func nullOptionalFieldsAreAccepted() throws {
        let request = try Self.request(
            #"{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}],"max_tokens":null,"tools":null,"stream":null}"#)
        #expect(request.stream == false)
    }
}
