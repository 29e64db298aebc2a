import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

@Suite("Responses client requests: parsing, normalising and validating")
struct OpenAIResponsesRequestTests {
    @Test func codexFirstTurnParses() throws {
        let request = try OpenAIResponsesRequest.parse(body: try Fixtures.data("clients/codex/responses-first-turn-v0.34.0.request.json"))
        #expect(request.model == "gpt-5")
        #expect(request.instructions?.count == 26_675)
        #expect(request.input.count == 3)
        #expect(request.input.allSatisfy { $0["type"] == "message" && $0["role"] == "user" })
        #expect(request.input[2]["content"] == .array([.object(["type": "input_text", "text": "test"])]))
        #expect(request.store == false)
        #expect(request.stream)
        #expect(request.include == ["reasoning.encrypted_content"])
        #expect(request.previousResponseID == nil)
        #expect(request.background == false)
        #expect(request.object["prompt_cache_key"] == "2442d30f-2543-48fc-8fd2-bf595e099655")
    }

    @Test func openCodeFollowUpParsesAndNormalisesMessages() throws {
        let request = try OpenAIResponsesRequest.parse(body: try Fixtures.data("clients/opencode/responses-followup-function-calls-gpt-5.request.json"))
        #expect(request.input.count == 28)
        #expect(request.store, "store defaults to true")
        let first = request.input[0]
        #expect(first["type"] == "message", "a message given as {role, content} gets its type")
        #expect(first["role"] == "developer")
        let parts = first["content"]?.arrayValue ?? []
        #expect(parts.count == 1)
        #expect(parts.first?["type"] == "input_text")
        #expect(parts.first?["text"]?.stringValue?.hasPrefix("You are a coding agent running in the opencode") == true)
        let assistant = request.input[3]
        #expect(assistant["id"] == "msg_b6e11fedea794792aa1a5942c9a635fd", "other members are kept")
        #expect(assistant["content"]?.arrayValue?.first?["type"] == "output_text")
        let call = request.input[8]
        #expect(call == .object([
            "type": "function_call", "call_id": "call_YQEU3mWtYG3utfJBwRGSYJOo", "name": "bash",
            "arguments": #"{"command":"id","description":"Shows current user and group information"}"#,
            "id": "call_YQEU3mWtYG3utfJBwRGSYJOo",
        ]), "non-message items are kept as sent")
        #expect(request.object["max_output_tokens"] == .int(32000))
    }

    @Test func stringInputBecomesOneUserMessage() throws {
        let request = try ResponsesTestSupport.request(#"{"model":"m","input":"Hello","previous_response_id":"resp_1","background":true}"#)
        #expect(request.input == [.object([
            "type": "message", "role": "user", "content": .array([.object(["type": "input_text", "text": "Hello"])]),
        ])])
        #expect(request.previousResponseID == "resp_1")
        #expect(request.background)
        #expect(request.stream == false)
        let assistant = try ResponsesTestSupport.request(#"{"model":"m","input":[{"role":"assistant","content":"Hi"}]}"#)
        #expect(assistant.input[0]["content"] == .array([.object(["type": "output_text", "text": "Hi"])]))
    }

    @Test(arguments: [
        (#"{"input":"x"}"#, "model"),
        (#"{"model":5,"input":"x"}"#, "model"),
        (#"{"model":"m","input":5}"#, "input"),
        (#"{"model":"m","input":[{"content":"x"}]}"#, "input[0]"),
        (#"{"model":"m","input":["x"]}"#, "input[0]"),
        (#"{"model":"m","input":[{"type":"message","role":"robot","content":"x"}]}"#, "input[0].role"),
        (#"{"model":"m","input":[{"role":"user","content":5}]}"#, "input[0].content"),
        (#"{"model":"m","input":[{"role":"user","content":[{"text":"x"}]}]}"#, "input[0].content[0]"),
        (#"{"model":"m","input":[{"type":"function_call","name":"f","arguments":"{}"}]}"#, "input[0].call_id"),
        (#"{"model":"m","input":[{"type":"function_call_output","call_id":"c"}]}"#, "input[0].output"),
        (#"{"model":"m","input":"x","tools":[{"type":"function","parameters":{}}]}"#, "tools[0].name"),
        (#"{"model":"m","input":"x","tools":[{"type":"web_search"},{"type":"function","name":7}]}"#, "tools[1].name"),
        (#"{"model":"m","input":"x","text":{"format":{"type":"json_schema","name":"r"}}}"#, "text.format.schema"),
        (#"{"model":"m","input":"x","max_output_tokens":0}"#, "max_output_tokens"),
        (#"{"model":"m","input":"x","max_output_tokens":1.5}"#, "max_output_tokens"),
        (#"{"model":"m","input":"x","max_output_tokens":"10"}"#, "max_output_tokens"),
        (#"{"model":"m","input":"x","stream":"yes"}"#, "stream"),
        (#"{"model":"m","input":"x","include":[1]}"#, "include[0]"),
    ])
    func invalidRequestsNameTheField(body: String, param: String) {
        do {
            _ = try OpenAIResponsesRequest.parse(body: Array(body.utf8))
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.status == 400)
            #expect(error.param == param, "\(body): \(error.message)")
        }
    }

    @Test func malformedJSONIsA400WithoutParam() {
        for body in [#"{"model":"m","#, "[1,2]", ""] {
            do {
                _ = try OpenAIResponsesRequest.parse(body: Array(body.utf8))
                Issue.record("accepted \(body)")
            } catch {
                #expect(error.kind == .invalidRequest)
                #expect(error.param == nil)
            }
        }
    }
}
