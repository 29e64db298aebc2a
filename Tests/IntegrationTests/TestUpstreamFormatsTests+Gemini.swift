import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

extension TestUpstreamFormatsTests {
    static func geminiBody(_ contents: [JSONValue]) -> JSONValue { .object(["contents": .array(contents)]) }
    static func geminiText(_ role: String, _ text: String) -> JSONValue {
        .object(["role": .string(role), "parts": .array([.object(["text": .string(text)])])])
    }
    static let geminiKey = [("x-goog-api-key", "AIza-test")]

    @Test func geminiAuthenticatesWithHeaderOrQuery() async throws {
        try await Self.withUpstream { upstream in
            let body = Self.geminiBody([Self.geminiText("user", "hi")])
            let anonymous = try await Self.post(upstream.geminiBaseURL + "/models/gemini-2.5-flash:generateContent", json: body)
            #expect(anonymous.status == 403)
            #expect(anonymous.json?["error"]?["code"] == .int(403))
            #expect(anonymous.json?["error"]?["status"] == "PERMISSION_DENIED")
            let viaQuery = try await Self.post(upstream.geminiBaseURL + "/models/gemini-2.5-flash:generateContent?key=AIza-test", json: body)
            #expect(viaQuery.status == 200)
            #expect(viaQuery.body == (try Fixtures.data("gemini/generate-content-text.json")))
            #expect(upstream.requests.last?.query == "key=AIza-test")
            #expect(upstream.requests.last?.path == "/v1beta/models/gemini-2.5-flash:generateContent")
        }
    }

    @Test func geminiStreamsAsSSEOrAsAJSONArray() async throws {
        try await Self.withUpstream { upstream in
            let body = Self.geminiBody([Self.geminiText("user", "hi")])
            let sse = try await Self.post(upstream.geminiBaseURL + "/models/scenario:text:streamGenerateContent?alt=sse", json: body, headers: Self.geminiKey)
            #expect(sse.headers.first(name: "content-type") == "text/event-stream")
            #expect(sse.body == (try Fixtures.data("gemini/stream-sse-text.sse")))
            #expect(String(decoding: sse.body, as: UTF8.self).contains("\r\n\r\n"))
            let array = try await Self.post(upstream.geminiBaseURL + "/models/scenario:text:streamGenerateContent", json: body, headers: Self.geminiKey)
            let elements = try #require(array.json?.arrayValue)
            #expect(elements.count == sse.events.count)
            #expect(elements.map { JSON.string($0) } == sse.events.map { JSON.string((try? JSON.parse($0.data)) ?? .null) })
            let recorded = try await Self.post(
                upstream.geminiBaseURL + "/models/fixture:stream-json-array-thought-function-call:streamGenerateContent", json: body, headers: Self.geminiKey)
            #expect(recorded.body == (try Fixtures.data("gemini/stream-json-array-thought-function-call.json")))
            let reframed = try await Self.post(
                upstream.geminiBaseURL + "/models/fixture:stream-json-array-thought-function-call:streamGenerateContent?alt=sse", json: body, headers: Self.geminiKey)
            #expect(reframed.events.count == (try JSON.parse(Fixtures.data("gemini/stream-json-array-thought-function-call.json"))).arrayValue?.count)
        }
    }

    @Test func geminiValidatesContents() async throws {
        try await Self.withUpstream { upstream in
            let url = upstream.geminiBaseURL + "/models/gemini-2.5-flash:generateContent"
            let call: JSONValue = .object(["role": "model", "parts": .array([.object(["functionCall": .object(["name": "get_capital", "args": .object(["country": "France"])])])])])
            func response(_ name: String) -> JSONValue {
                .object(["role": "user", "parts": .array([.object(["functionResponse": .object(["name": .string(name), "response": .object(["capital": "Paris"])])])])])
            }
            let cases: [(JSONValue, String)] = [
                (Self.geminiBody([]), "contents"),
                (Self.geminiBody([Self.geminiText("assistant", "hi")]), "contents[0].role"),
                (Self.geminiBody([.object(["role": "user", "parts": .array([])])]), "contents[0].parts"),
                (Self.geminiBody([Self.geminiText("user", "capital?"), response("get_capital")]), "get_capital"),
                (Self.geminiBody([Self.geminiText("user", "capital?"), call, response("get_weather")]), "get_weather"),
            ]
            for (body, named) in cases {
                let answer = try await Self.post(url, json: body, headers: Self.geminiKey)
                #expect(answer.status == 400, "\(body)")
                #expect(answer.json?["error"]?["status"] == "INVALID_ARGUMENT")
                let message = answer.json?["error"]?["message"]?.stringValue ?? ""
                #expect(message.contains(named), "\(message) should name \(named)")
            }
            let toolsURL = upstream.geminiBaseURL + "/models/scenario:tools:generateContent"
            let first = try await Self.post(toolsURL, json: Self.geminiBody([Self.geminiText("user", "capital?")]), headers: Self.geminiKey)
            #expect(first.body == (try Fixtures.data("gemini/generate-content-function-call.json")))
            let roundTrip = Self.geminiBody([Self.geminiText("user", "capital?"), call, response("get_capital")])
            let second = try await Self.post(toolsURL, json: roundTrip, headers: Self.geminiKey)
            #expect(second.status == 200)
            #expect(second.body == (try Fixtures.data("gemini/generate-content-text.json")))
        }
    }

    @Test func geminiFaultsInItsOwnEnvelope() async throws {
        try await Self.withUpstream { upstream in
            let body = Self.geminiBody([Self.geminiText("user", "hi")])
            let limited = try await Self.post(upstream.geminiBaseURL + "/models/fault:status-429:generateContent", json: body, headers: Self.geminiKey)
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "retry-after") == "7")
            #expect(limited.json?["error"]?["status"] == "RESOURCE_EXHAUSTED")
            let failingSSE = try await Self.post(upstream.geminiBaseURL + "/models/fault:stream-error:streamGenerateContent?alt=sse", json: body, headers: Self.geminiKey)
            #expect(failingSSE.events.count == 3)
            #expect(failingSSE.events.last.flatMap { try? JSON.parse($0.data) }?["error"]?["status"] == "INTERNAL")
            let failingArray = try await Self.post(upstream.geminiBaseURL + "/models/fault:stream-error:streamGenerateContent", json: body, headers: Self.geminiKey)
            let elements = try #require(failingArray.json?.arrayValue)
            #expect(elements.count == 3)
            #expect(elements.last?["error"]?["code"] == .int(500))
        }
    }
}
