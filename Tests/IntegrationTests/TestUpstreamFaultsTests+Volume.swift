import Testing
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders
import SwitchboardTesting

/// The faults about how much and how fast: huge answers and streams, a dripping answer.
extension TestUpstreamFaultsTests {
    static let mebibyte = 1024 * 1024

    @Test func huge50MBAnswerIsExactlyThatLarge() async throws {
        try await Self.withUpstream { upstream in
            let answer = await Self.send(upstream.baseURL + "/chat/completions", json: Self.chat("fault:huge-50mb"), timeout: .seconds(20), keep: 256)
            #expect(answer.status == 200)
            #expect(answer.error == nil)
            #expect(answer.headers.first(name: "content-length") == String(50 * Self.mebibyte))
            #expect(answer.arrivals.reduce(0) { $0 + $1.bytes } == 50 * Self.mebibyte)
            #expect(answer.text.hasPrefix(#"{"id":"chatcmpl-bulk","object":"chat.completion""#))
        }
    }

    @Test func hugeStream50MBIsAWellFormedStreamOfThatSize() async throws {
        try await Self.withUpstream { upstream in
            let answer = await Self.send(
                upstream.baseURL + "/chat/completions", json: Self.chat("fault:huge-stream-50mb"), timeout: .seconds(20), keep: 512)
            #expect(answer.status == 200)
            #expect(answer.error == nil)
            #expect(answer.headers.first(name: "content-type") == "text/event-stream")
            let total = answer.arrivals.reduce(0) { $0 + $1.bytes }
            #expect(total >= 50 * Self.mebibyte)
            #expect(total < 50 * Self.mebibyte + 17 * 1024)
            #expect(answer.text.hasPrefix(#"data: {"id":"chatcmpl-bulk","object":"chat.completion.chunk""#))
        }
    }

    @Test func hugeAnswersAreValidInEveryDialect() async throws {
        try await Self.withUpstream { upstream in
            let size = 200 * 1024
            let chat = await Self.send(upstream.baseURL + "/chat/completions", json: Self.chat("fault:huge-200kb"))
            #expect(chat.body.count == size)
            let chatText = try OpenAIChatAdapter().decodeResponse(chat.body).content.compactMap { block -> String? in
                if case .text(let text) = block { return text }
                return nil
            }.joined()
            #expect(chatText.count > size - 400)
            #expect(chatText.allSatisfy { $0 == "x" })

            let anthropic = await Self.send(upstream.baseURL + "/messages", json: Self.anthropic("fault:huge-200kb"), headers: Self.anthropicHeaders)
            #expect(anthropic.body.count == size)
            #expect(anthropic.json?["content"]?.arrayValue?.first?["text"]?.stringValue?.count ?? 0 > size - 400)
            let responses = await Self.send(upstream.baseURL + "/responses", json: .object(["model": "fault:huge-200kb", "input": "hi"]))
            #expect(responses.body.count == size)
            #expect(responses.json?["output"]?.arrayValue?.first?["content"]?.arrayValue?.first?["text"]?.stringValue?.count ?? 0 > size - 500)
            let gemini = await Self.send(upstream.geminiBaseURL + "/models/fault:huge-200kb:generateContent", json: Self.gemini, headers: Self.geminiKey)
            #expect(gemini.body.count == size)
            #expect(gemini.json?["candidates"]?.arrayValue?.first?["content"]?["parts"]?.arrayValue?.first?["text"]?.stringValue?.count ?? 0 > size - 400)
        }
    }

    @Test func hugeStreamsAreValidInEveryDialect() async throws {
        try await Self.withUpstream { upstream in
            let size = 200 * 1024
            // A stream request to fault:huge-N streams too.
            let chat = await Self.send(upstream.baseURL + "/chat/completions", json: Self.chat("fault:huge-200kb", stream: true))
            #expect(chat.body.count >= size && chat.body.count < size + 17 * 1024)
            let chatEvents = chat.events
            #expect(chatEvents.last?.dataString == "[DONE]")
            #expect(chatEvents.dropLast().allSatisfy { (try? JSON.parse($0.data)) != nil })
            let deltas = chatEvents.compactMap { try? JSON.parse($0.data) }.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }
            #expect(deltas.joined().count > size - 2000)

            let anthropic = await Self.send(
                upstream.baseURL + "/messages", json: Self.anthropic("fault:huge-stream-200kb", stream: true), headers: Self.anthropicHeaders)
            #expect(anthropic.body.count >= size)
            let anthropicTypes = anthropic.events.compactMap(\.event)
            #expect(anthropicTypes.first == "message_start")
            #expect(anthropicTypes.suffix(3) == ["content_block_stop", "message_delta", "message_stop"])
            #expect(anthropic.events.allSatisfy { (try? JSON.parse($0.data)) != nil })

            let responses = await Self.send(upstream.baseURL + "/responses", json: .object(["model": "fault:huge-stream-200kb", "input": "hi"]))
            #expect(responses.body.count >= size)
            let responseEvents = responses.events.compactMap { try? JSON.parse($0.data) }
            #expect(responseEvents.count == responses.events.count)
            #expect(responseEvents.map { $0["sequence_number"]?.intValue } == Array(0..<responseEvents.count))
            let streamed = responseEvents.compactMap { $0["type"] == "response.output_text.delta" ? $0["delta"]?.stringValue : nil }.joined()
            #expect(responseEvents.last?["response"]?["output"]?.arrayValue?.first?["content"]?.arrayValue?.first?["text"]?.stringValue == streamed)

            let geminiArray = await Self.send(
                upstream.geminiBaseURL + "/models/fault:huge-stream-200kb:streamGenerateContent", json: Self.gemini, headers: Self.geminiKey)
            #expect(geminiArray.body.count >= size)
            let elements = try #require(geminiArray.json?.arrayValue)
            #expect(elements.last?["candidates"]?.arrayValue?.first?["finishReason"] == "STOP")
            let geminiSSE = await Self.send(
                upstream.geminiBaseURL + "/models/fault:huge-stream-200kb:streamGenerateContent?alt=sse", json: Self.gemini, headers: Self.geminiKey)
            #expect(geminiSSE.events.count == elements.count)
        }
    }

    @Test func aHugeAnswerEndsWhenItsClientGoesAway() async throws {
        try await Self.withUpstream { upstream in
            let answer = await Self.send(
                upstream.baseURL + "/chat/completions", json: Self.chat("fault:huge-stream-500mb"), keep: 0, stopAfter: 1024 * 1024)
            #expect(answer.status == 200)
            #expect(await Self.eventually { upstream.disconnects == 1 && upstream.faultsInProgress == 0 })
        }
    }

    @Test func dripSendsASmallWellFormedAnswerOneByteAtATime() async throws {
        try await Self.withUpstream { upstream in
            let url = upstream.baseURL + "/chat/completions"
            let fast = await Self.send(url, json: Self.chat("fault:drip-2"))
            #expect(fast.status == 200)
            #expect(fast.elapsed >= .milliseconds(2 * (fast.body.count - 1)))
            let decoded = try OpenAIChatAdapter().decodeResponse(fast.body)
            #expect(decoded.content.count == 1)
            let stream = await Self.send(url, json: Self.chat("fault:drip-1", stream: true))
            #expect(stream.events.last?.dataString == "[DONE]")
            #expect(stream.events.contains { $0.dataString.contains(#""content":"drip""#) })
            let anthropic = await Self.send(
                upstream.baseURL + "/messages", json: Self.anthropic("fault:drip-1", stream: true), headers: Self.anthropicHeaders)
            #expect(anthropic.events.compactMap(\.event).last == "message_stop")

            // The default pace is a byte every 100 ms, and the drip stops when the client goes away.
            let slow = await Self.send(url, json: Self.chat("fault:drip"), stopAfter: 4)
            #expect(slow.arrivals.map(\.bytes) == [1, 1, 1, 1])
            #expect(slow.arrivals.last.map { $0.at >= .milliseconds(300) } == true, "4 bytes 100 ms apart: \(slow.arrivals)")
            #expect(slow.elapsed < .seconds(3))
            #expect(await Self.eventually { upstream.disconnects == 1 && upstream.faultsInProgress == 0 })
        }
    }

    @Test func stoppingTheUpstreamEndsFaultsThatWait() async throws {
        let upstream = TestUpstream()
        try await upstream.start()
        let request = Task { await Self.send(upstream.baseURL + "/chat/completions", json: Self.chat("fault:stall-before-first-byte-30"), timeout: .seconds(40)) }
        let started = await Self.eventually { upstream.faultsInProgress == 1 }
        #expect(started)
        let stopping = ContinuousClock.now
        await upstream.stop()
        #expect(ContinuousClock.now - stopping < .seconds(3))
        #expect(upstream.faultsInProgress == 0)
        _ = await request.value
    }
}
