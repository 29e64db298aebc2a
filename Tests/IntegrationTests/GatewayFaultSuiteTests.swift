import Testing
import Foundation
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders
import SwitchboardServer
import SwitchboardStore
import SwitchboardTesting

/// Every fault the test upstream injects, seen through the gateway: what the client gets, whether
/// the next channel was tried, what the faulty channel's breaker counted, and the usage record.
///
/// Channel `faulty` (priority 0) maps `m` to the fault; channel `backup` (priority 1) maps it to a
/// healthy answer. Timeouts on `faulty`: 2 s to the first byte, 2 s between reads, 20 s in all
/// (generous ones for the slow-but-healthy cases); stalls last 8 s.
@Suite("Gateway under upstream faults")
struct GatewayFaultSuiteTests {
    /// What a fault should lead to.
    enum Outcome: Sendable, CustomStringConvertible {
        /// Failed before any byte reached the client: retried on `backup`, which answered.
        case servedByBackup
        /// Failed after the stream started: the client got an error event of this status; not retried.
        case errorEvent(status: Int)
        /// Not a failure: `faulty` served it.
        case servedByFaulty
        /// A reset mid-stream: the kernel may drop the bytes that came before the reset, so the
        /// gateway saw either a stream that started (error event) or none (retried on `backup`).
        case errorEventOrBackup(status: Int)

        var description: String {
            switch self {
            case .servedByBackup: "served by backup"
            case .errorEvent(let status): "error event \(status)"
            case .servedByFaulty: "served by faulty"
            case .errorEventOrBackup(let status): "error event \(status) or served by backup"
            }
        }
    }

    struct Case: Sendable, CustomStringConvertible {
        let fault: String
        let stream: Bool
        let outcome: Outcome
        /// Faults that must not time out (slow but healthy answers) get generous timeouts, so a
        /// loaded machine's pauses are not mistaken for a stalled upstream.
        var relaxed = false
        var description: String { "\(fault) \(stream ? "stream" : "json") -> \(outcome)" }
    }

    static let cases: [Case] = [
        Case(fault: "fault:status-500", stream: false, outcome: .servedByBackup),
        Case(fault: "fault:status-502", stream: true, outcome: .servedByBackup),
        Case(fault: "fault:status-503", stream: false, outcome: .servedByBackup),
        Case(fault: "fault:status-429-retry-1", stream: false, outcome: .servedByBackup),
        Case(fault: "refused", stream: false, outcome: .servedByBackup),
        Case(fault: "refused", stream: true, outcome: .servedByBackup),
        Case(fault: "fault:reset-before-headers", stream: true, outcome: .servedByBackup),
        Case(fault: "fault:reset-before-headers", stream: false, outcome: .servedByBackup),
        Case(fault: "fault:reset-mid-stream", stream: true, outcome: .errorEventOrBackup(status: 502)),
        Case(fault: "fault:drop-mid-stream", stream: true, outcome: .errorEvent(status: 502)),
        Case(fault: "fault:reset-mid-stream", stream: false, outcome: .servedByBackup),
        Case(fault: "fault:stall-before-first-byte-8", stream: false, outcome: .servedByBackup),
        Case(fault: "fault:stall-before-first-byte-8", stream: true, outcome: .servedByBackup),
        Case(fault: "fault:stall-mid-stream-8", stream: true, outcome: .errorEvent(status: 504)),
        Case(fault: "fault:stall-mid-stream-8", stream: false, outcome: .servedByBackup),
        Case(fault: "fault:bad-json", stream: false, outcome: .servedByBackup),
        // Broken from its first event: nothing reached the client, so the next channel serves.
        Case(fault: "fault:bad-sse", stream: true, outcome: .servedByBackup),
        Case(fault: "fault:huge-50mb", stream: false, outcome: .servedByFaulty, relaxed: true),
        Case(fault: "fault:huge-stream-5mb", stream: true, outcome: .servedByFaulty, relaxed: true),
        Case(fault: "fault:drip-2", stream: false, outcome: .servedByFaulty, relaxed: true),
        Case(fault: "fault:drip-2", stream: true, outcome: .servedByFaulty, relaxed: true),
    ]

    @Test(arguments: cases)
    func eachFaultEndsAsDocumented(_ scenario: Case) async throws {
        try await Stack.run(customize: { configuration in
            let upstream = configuration.channels.first { $0.name == "upstream" }!.baseURL
            let faultyURL = scenario.fault == "refused" ? TestUpstream.refusedBaseURL : upstream
            configuration.channels.append(ChannelConfiguration(
                name: "faulty", provider: .openaiCompatible, baseURL: faultyURL,
                modelMap: ["m": scenario.fault == "refused" ? "plain-refused" : scenario.fault], priority: 0,
                timeouts: scenario.relaxed
                    ? ChannelTimeouts(connect: 5, firstByte: 10, idle: 10, total: 60)
                    : ChannelTimeouts(connect: 2, firstByte: 2, idle: 2, total: 20)))
            configuration.channels.append(ChannelConfiguration(
                name: "backup", provider: .openaiCompatible, baseURL: upstream, modelMap: ["m": "plain-backup"], priority: 1))
            configuration.retries = RetryPolicy(attempts: 1)
        }) { gateway, upstream in
            let request = Stack.chat("m", stream: scenario.stream, includeUsage: scenario.stream)
            let answer: GatewayHarness.Exchange
            var events: [ServerSentEvent] = []
            if scenario.stream {
                (answer, events) = try await gateway.stream("/v1/chat/completions", json: request)
            } else {
                answer = try await gateway.post("/v1/chat/completions", json: request)
            }
            let backupCalls = Stack.requests(to: upstream, model: "plain-backup")
            await gateway.gateway.recorder.flush()
            let records = try await gateway.gateway.store.recentUsage(limit: 10)
            let faultyHealth = gateway.gateway.breakers.snapshot(channel: "faulty")
            let faultyFailures = faultyHealth.models.reduce(0) { $0 + $1.totalFailures }

            #expect(records.count == 1, "one usage record per request: \(records.map(\.status))")
            let record = try #require(records.first)
            #expect(record.model == "m")
            #expect(record.streamed == scenario.stream)
            switch scenario.outcome {
            case .servedByBackup:
                #expect(answer.status == 200, "\(answer.text.prefix(300))")
                #expect(backupCalls == 1)
                #expect(record.channel == "backup" && record.status == 200)
                #expect(faultyFailures == 1, "the faulty channel's breaker counted the failure")
                if scenario.stream { #expect(events.last?.dataString == "[DONE]") }
                else { #expect(answer.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue?.isEmpty == false) }
            case .errorEventOrBackup(let status):
                #expect(answer.status == 200)
                #expect(events.last?.dataString == "[DONE]")
                let failed = events.contains { $0.dataString.contains(#""error""#) }
                #expect(failed ? record.channel == "faulty" && record.status == status && backupCalls == 0
                               : record.channel == "backup" && record.status == 200 && backupCalls == 1)
                #expect(faultyFailures == 1)
            case .errorEvent(let status):
                #expect(answer.status == 200, "the stream had started")
                #expect(backupCalls == 0, "never retried after the first byte reached the client")
                let error = events.compactMap { try? JSON.parse($0.data) }.last { $0["error"] != nil }?["error"]
                #expect(error?["type"]?.stringValue == "upstream_error")
                #expect(events.last?.dataString == "[DONE]")
                #expect(record.channel == "faulty" && record.status == status)
                #expect(faultyFailures == 1)
            case .servedByFaulty:
                #expect(answer.status == 200)
                #expect(backupCalls == 0)
                #expect(record.channel == "faulty" && record.status == 200, "\(record.status) \(record.errorCode ?? "")")
                #expect(faultyFailures == 0, "\(faultyHealth.models.map(\.lastError))")
                if scenario.stream {
                    #expect(events.last?.dataString == "[DONE]")
                    #expect(events.dropLast().allSatisfy { (try? JSON.parse($0.data)) != nil }, "every event is whole JSON")
                } else {
                    #expect(answer.json?["model"]?.stringValue == "m")
                }
            }
        }
    }

    @Test func aFailureWithNowhereElseToGoReachesTheClientWithTheUpstreamsMessage() async throws {
        try await Stack.run(customize: { configuration in
            let upstream = configuration.channels.first { $0.name == "upstream" }!.baseURL
            configuration.channels.append(ChannelConfiguration(
                name: "faulty", provider: .openaiCompatible, baseURL: upstream, modelMap: ["m": "fault:status-503"]))
            configuration.retries = RetryPolicy(attempts: 1)
        }) { gateway, _ in
            let answer = try await gateway.post("/v1/chat/completions", json: Stack.chat("m"))
            #expect(answer.status == 503)
            #expect(answer.json?["error"]?["message"]?.stringValue?.contains("Injected upstream failure 503") == true)
            await gateway.gateway.recorder.flush()
            let record = try #require(try await gateway.gateway.store.recentUsage(limit: 10).first)
            #expect(record.status == 503 && record.channel == "faulty")
        }
    }
}
