// Measures what translation costs over passthrough, in CPU time on this machine, for the
// benchmark report (`bench/translation.sh`): a ~2 KB Anthropic request to a Chat upstream, a ~1 KB
// Chat answer back to Anthropic, and Chat stream events re-encoded as Anthropic events.
import SwitchboardCore
import SwitchboardFormats
import SwitchboardTesting

/// p50 and p99 of one operation, in microseconds.
struct Figures { let p50: Double; let p99: Double }

func measure(_ label: String, iterations: Int, _ body: () throws -> Void) rethrows -> Figures {
    for _ in 0..<(iterations / 10) { try body() }  // warm-up
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    let clock = ContinuousClock()
    for _ in 0..<iterations {
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    samples.sort()
    let p50 = samples[samples.count / 2]
    let p99 = samples[samples.count * 99 / 100]
    print("\(label): p50 \(String(format: "%.1f", p50)) µs, p99 \(String(format: "%.1f", p99)) µs")
    return Figures(p50: p50, p99: p99)
}

let system = String(repeating: "You are a careful assistant for the Switchboard benchmark. ", count: 18)
let request: JSONValue = .object([
    "model": "claude-sonnet-4-5", "max_tokens": .int(1024), "system": .string(system),
    "tools": .array([.object([
        "name": "get_weather", "description": "Current weather for a city.",
        "input_schema": .object(["type": "object", "properties": .object(["city": .object(["type": "string"])]), "required": .array(["city"])]),
    ])]),
    "messages": .array([
        .object(["role": "user", "content": .string(String(repeating: "What is the weather in Paris today? ", count: 12))]),
        .object(["role": "assistant", "content": .array([.object(["type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": .object(["city": "Paris"])])])]),
        .object(["role": "user", "content": .array([.object(["type": "tool_result", "tool_use_id": "toolu_01", "content": "18 C, clear sky"])])]),
    ]),
])
let requestBody = JSON.serialize(request)
let responseBody = Array(JSON.serialize(try JSON.parse(try Fixtures.data("openai/chat-nonstream-text.json"))))
let streamBody = try Fixtures.streamBody("openai/chat-stream-tool-call-include-usage.sse")
var parser = SSEParser()
let events = try parser.feed(streamBody)
let adapter = OpenAIChatAdapter()
let iterations = 20_000
print("request \(requestBody.count) bytes, response \(responseBody.count) bytes, stream \(events.count) events")

let passRequest = try measure("passthrough request (model rewrite)", iterations: iterations) {
    _ = try AnthropicMessagesPassthrough.rewrite(body: requestBody, upstreamModel: "gpt-4o-mini")
}
let translateRequest = try measure("translated request (Anthropic -> canonical -> Chat)", iterations: iterations) {
    var generation = try AnthropicMessagesRequestDecoder.decode(body: requestBody)
    generation.model = "gpt-4o-mini"
    _ = try adapter.encodeRequest(generation, model: "gpt-4o-mini", stream: false)
}
let passResponse = try measure("passthrough response (model rewrite, usage read)", iterations: iterations) {
    _ = try OpenAIChatResponseRelay.relay(body: responseBody, clientModel: "claude-sonnet-4-5")
}
let translateResponse = try measure("translated response (Chat -> canonical -> Anthropic)", iterations: iterations) {
    var response = try adapter.decodeResponse(responseBody)
    response.model = "claude-sonnet-4-5"
    _ = JSON.serialize(AnthropicMessagesResponseEncoder.encode(response))
}
let streamIterations = 5_000
let passStream = measure("passthrough stream (\(events.count) events)", iterations: streamIterations) {
    var relay = OpenAIChatStreamRelay(clientModel: "claude-sonnet-4-5", clientWantsUsage: false)
    for event in events { _ = relay.relay(event) }
}
let translateStream = try measure("translated stream (\(events.count) events, Chat -> Anthropic)", iterations: streamIterations) {
    var decoder = adapter.makeStreamDecoder()
    var encoder = AnthropicMessagesStreamEncoder(model: "claude-sonnet-4-5", inputTokens: 10)
    for event in events {
        for canonical in try decoder.decode(event) {
            for sse in encoder.encode(canonical) { _ = sse.encoded() }
        }
    }
    for sse in encoder.finish() { _ = sse.encoded() }
}
for (name, pick) in [("p50", \Figures.p50), ("p99", \Figures.p99)] as [(String, KeyPath<Figures, Double>)] {
    let perRequest = (translateRequest[keyPath: pick] - passRequest[keyPath: pick])
        + (translateResponse[keyPath: pick] - passResponse[keyPath: pick])
    let perEvent = (translateStream[keyPath: pick] - passStream[keyPath: pick]) / Double(events.count)
    print(String(format: "added by translation, %@: request + response %.1f µs (target p99 <= 200 µs); per stream event %.2f µs (target <= 20 µs)",
                 name, perRequest, perEvent))
}
