import Testing
import SwitchboardCore
@testable import SwitchboardProviders

@Suite("Task JSON paths and upstream states")
struct TaskJSONPathTests {
    let document: JSONValue = [
        "code": "success",
        "data": [
            "task_id": "t-1", "status": "SUCCESS", "progress": "45%",
            "data": [["audio_url": "https://a/1.mp3", "duration": 95.5], ["audio_url": "https://a/2.mp3", "duration": "88.25"]],
        ],
    ]

    /// Parses text at run time (a literal argument would be taken as the path's own literal).
    func path(_ text: String) -> TaskJSONPath? { TaskJSONPath(text) }

    @Test func membersIndexesAndWildcardsReachTheirValues() throws {
        #expect(path("data.task_id")?.text(in: document) == "t-1")
        #expect(path("data.data[1].audio_url")?.text(in: document) == "https://a/2.mp3")
        #expect(path("data.data[*].audio_url")?.values(in: document).compactMap(\.stringValue) == ["https://a/1.mp3", "https://a/2.mp3"])
        #expect(path("data.progress")?.number(in: document) == 45)
        #expect(path("data.data[5].audio_url")?.value(in: document) == nil)
        #expect(path("missing.path")?.value(in: document) == nil)
        let array: JSONValue = [["url": "x"]]
        #expect(path("[0].url")?.text(in: array) == "x")
    }

    @Test func malformedPathsAreRefused() {
        for text in ["", "a..b", "a[", "a[x]", "a[-1]", ".a", "a.", "a]b"] {
            #expect(path(text) == nil, "\(text)")
        }
    }

    @Test func aTaskHTTPAnswerMapsOntoTheGatewaysStatuses() async throws {
        let options = TaskChannelOptions(
            idPath: "data.task_id", statusPath: "data.status", succeeded: ["SUCCESS"], failed: ["FAILURE"],
            queued: ["NOT_START"], progressPath: "data.progress", resultURLsPath: "data.data[*].audio_url",
            errorPath: "data.fail_reason", secondsPath: "data.data[*].duration")
        #expect(options.status(of: "success") == .succeeded)
        #expect(options.status(of: "FAILURE") == .failed)
        #expect(options.status(of: "not_start") == .queued)
        #expect(options.status(of: "IN_PROGRESS") == .inProgress)
        let upstream = WireUpstream(
            format: .openAIChat, configuration: ChannelConfiguration(name: "t", provider: .taskHTTP, baseURL: "http://127.0.0.1:1"),
            transport: UpstreamTransport(timeouts: .init()))
        let provider = HTTPTaskProvider(upstream: upstream, options: options)
        let job = TaskJob(id: "task_1", upstreamModel: "chirp", request: [:], createdAt: .init(), contentURL: "")
        let state = provider.state(of: document, upstreamID: "t-1", job: job)
        #expect(state.status == .succeeded)
        #expect(state.urls == ["https://a/1.mp3", "https://a/2.mp3"])
        #expect(state.outputSeconds == 183.75)
        #expect(state.progress == 100)
        let failed: JSONValue = ["data": ["status": "FAILURE", "progress": "30%", "fail_reason": "nope"]]
        let failure = provider.state(of: failed, upstreamID: "t-1", job: job)
        #expect(failure.status == .failed && failure.errorMessage == "nope" && failure.progress == 30)
        let running = provider.state(of: ["data": ["status": "IN_PROGRESS", "progress": "100%"]], upstreamID: "t-1", job: job)
        #expect(running.status == .inProgress && running.progress == 99, "a running task is never shown at 100")
        #expect(throws: GatewayError.self) { try provider.submitPath(action: "karaoke") }
        #expect(try provider.submitPath(action: nil) == "/submit")
        await upstream.transport.shutdown()
    }
}
