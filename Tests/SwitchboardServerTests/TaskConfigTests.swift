import Testing
import SwitchboardCore
import SwitchboardProviders
@testable import SwitchboardServer

@Suite("Task channels in the config")
struct TaskConfigTests {
    @Test func readsMockSecondsAndEveryTaskHTTPSetting() async throws {
        let text = """
            channels:
              - name: mock
                provider: mock
                models: [mock-video-1]
                task_seconds: 2
              - name: suno
                provider: task-http
                base_url: https://suno.example.com/suno
                models: [suno-v4]
                tasks:
                  submit_path: /submit/music
                  actions: {lyrics: /submit/lyrics, extend: /submit/music}
                  poll_path: /fetch/{id}
                  poll_interval: 2.5
                  model_field: mv
                  id_path: data
                  status_path: data.status
                  succeeded: [SUCCESS]
                  failed: [FAILURE]
                  queued: [NOT_START]
                  progress_path: data.progress
                  result_urls_path: data.data[*].audio_url
                  seconds_path: data.data[*].duration
                  error_path: data.fail_reason
                  result_path: data.data
            """
        let channels = try ConfigLoader.load(text: text, file: "t.yaml", environment: [:]).channels
        #expect(channels[0].tasks.mockSeconds == 2)
        let suno = channels[1]
        #expect(suno.provider == .taskHTTP)
        let tasks = suno.tasks
        #expect(tasks.submitPath == "/submit/music")
        #expect(tasks.actions == ["lyrics": "/submit/lyrics", "extend": "/submit/music"])
        #expect(tasks.pollPath == "/fetch/{id}")
        #expect(tasks.pollInterval == 2.5)
        #expect(tasks.modelField == "mv")
        #expect(tasks.idPath == "data")
        #expect(tasks.statusPath == "data.status")
        #expect(tasks.succeeded == ["SUCCESS"] && tasks.failed == ["FAILURE"] && tasks.queued == ["NOT_START"])
        #expect(tasks.progressPath == "data.progress")
        #expect(tasks.resultURLsPath == "data.data[*].audio_url")
        #expect(tasks.secondsPath == "data.data[*].duration")
        #expect(tasks.errorPath == "data.fail_reason")
        #expect(tasks.resultPath == "data.data")
        let channel = try Channel.make(suno)
        #expect(channel.taskProvider is HTTPTaskProvider)
        await channel.shutdown()
    }

    @Test func mistakesAreReportedWithTheirField() {
        let text = """
            channels:
              - name: broken
                provider: task-http
                models: [x]
                task_seconds: -1
                tasks:
                  poll_path: /fetch
                  submit_path: submit
                  id_path: "data..id"
                  poll_interval: 0
                  colour: blue
            """
        do {
            _ = try ConfigLoader.load(text: text, file: "t.yaml", environment: [:])
            Issue.record("a broken task config was accepted")
        } catch {
            let text = error.description
            #expect(text.contains("needs a 'base_url'"))
            #expect(text.contains("channels[0].task_seconds: must not be negative"))
            #expect(text.contains("channels[0].tasks.poll_path: must contain {id}"))
            #expect(text.contains("channels[0].tasks.submit_path: must start with /"))
            #expect(text.contains("channels[0].tasks.id_path: 'data..id' is not a path"))
            #expect(text.contains("channels[0].tasks.poll_interval: must be a positive number of seconds"))
            #expect(text.contains("unknown task setting 'colour'"))
        }
    }
}
