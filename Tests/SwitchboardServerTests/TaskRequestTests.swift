import Testing
import SwitchboardCore
import SwitchboardStore
@testable import SwitchboardServer

@Suite("Task requests and webhook signatures")
struct TaskRequestTests {
    func parse(_ body: JSONValue, secret: String? = "s") throws(GatewayError) -> TaskRequest {
        try TaskRequest.parse(body: JSON.serialize(body), webhookSecret: secret)
    }

    func param(of body: JSONValue, secret: String? = "s") -> String? {
        do {
            _ = try parse(body, secret: secret)
            return nil
        } catch {
            #expect(error.status == 400)
            return error.param
        }
    }

    @Test func theGatewaysFieldsAreTakenOutAndTheRestKept() throws {
        let request = try parse(["model": "m", "prompt": "p", "style": "jazz", "webhook_url": "https://example.test/h"])
        #expect(request.model == "m")
        #expect(request.webhookURL == "https://example.test/h")
        #expect(request.fields == ["model": "m", "prompt": "p", "style": "jazz"])
        #expect(try parse(["model": "m", "seconds": "8"]).requestedSeconds == 8)
    }

    @Test func badFieldsAreNamed() {
        #expect(param(of: ["prompt": "p"]) == "model")
        #expect(param(of: ["model": ""]) == "model")
        #expect(param(of: ["model": "m", "prompt": ["x"]]) == "prompt")
        #expect(param(of: ["model": "m", "action": 1]) == "action")
        #expect(param(of: ["model": "m", "webhook_url": "javascript:alert(1)"]) == "webhook_url")
        #expect(param(of: ["model": "m", "webhook_url": "http://"]) == "webhook_url")
        #expect(param(of: ["model": "m", "webhook_url": "https://example.test/h"], secret: nil) == "webhook_url")
        #expect(param(of: ["model": "m", "webhook_url": "https://example.test/h"]) == nil)
        #expect(throws: GatewayError.self) { try TaskRequest.parse(body: Array("[1]".utf8), webhookSecret: nil) }
    }

    @Test func theSignatureIsHMACSHA256OfTheTimestampAndBody() {
        let body = Array(#"{"id":"task_1"}"#.utf8)
        // python3: hmac.new(b"secret", b'1700000000.{"id":"task_1"}', hashlib.sha256).hexdigest()
        let expected = "1f5fb853baee944e0b3b7f8d64277279d700afca34f9e3eb17e77d1e5bc0b2f1"
        #expect(TaskWebhookSignature.header(secret: "secret", timestamp: 1_700_000_000, body: body) == "t=1700000000,v1=\(expected)")
        #expect(TaskWebhookSignature.verify(header: "t=1700000000,v1=\(expected)", secret: "secret", body: body))
        #expect(!TaskWebhookSignature.verify(header: "t=1700000001,v1=\(expected)", secret: "secret", body: body))
        #expect(!TaskWebhookSignature.verify(header: "v1=\(expected)", secret: "secret", body: body))
    }
}
