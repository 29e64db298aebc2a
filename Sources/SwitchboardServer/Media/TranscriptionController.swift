import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// `POST /v1/audio/transcriptions` and `POST /v1/audio/translations` (multipart: `file`, `model`,
/// `language`, `prompt`, `response_format`, `temperature`, `timestamp_granularities[]`): OpenAI
/// channels get the form with only `model` rewritten and their answer back with its own
/// Content-Type; the mock "hears" a WAV. Billed per second of audio: the upstream's `duration`
/// (verbose_json) or `usage.seconds` when it sent one, else the WAV header's length, else an
/// estimate at 128 kbit/s (``AudioDuration``).
struct TranscriptionController {
    static let responseFormats = ["json", "text", "srt", "vtt", "verbose_json"]
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.post("audio/transcriptions") { request, context in
            try await self.transcribe(request, context: context, task: "transcribe", path: "/audio/transcriptions")
        }
        group.post("audio/translations") { request, context in
            try await self.transcribe(request, context: context, task: "translate", path: "/audio/translations")
        }
    }

    func transcribe(_ request: Request, context: SwitchboardRequestContext, task: String, path: String) async throws -> Response {
        let endpoint = task == "transcribe" ? "audio.transcriptions" : "audio.translations"
        return try await gateway.serve(request, context: context, endpoint: endpoint) { accounting in
            let form = try await MultipartUpload.read(request, limit: MediaUploadLimits.audio)
            let model = try MediaForm.model(of: form)
            accounting.model = model
            let files = form.files(named: ["file"])
            guard files.count == 1, let file = files.first else {
                throw GatewayError.invalidRequest(
                    files.isEmpty ? "Missing required parameter: 'file' (the audio file to transcribe)." : "Send exactly one 'file'.",
                    param: "file")
            }
            let format = form.value("response_format") ?? "json"
            guard Self.responseFormats.contains(format) else {
                throw GatewayError.invalidRequest(
                    "Invalid value for 'response_format': '\(format)'. Supported values are: \(Self.responseFormats.map { "'\($0)'" }.joined(separator: ", ")).",
                    param: "response_format")
            }
            if let temperature = form.value("temperature"), !(Double(temperature).map { (0...1).contains($0) } ?? false) {
                throw GatewayError.invalidRequest("Invalid value for 'temperature': '\(temperature)' must be a number from 0 to 1.", param: "temperature")
            }
            let wavSeconds = AudioDuration.wav(header: Array(form.bytes(of: file).prefix(4096)), fileLength: file.length)
            return (
                Upload(form: form, file: file, format: format, wavSeconds: wavSeconds),
                AdmissionRequest(model: model, bodyBytes: form.textBytes))
        } serve: { upload, route, accounting in
            try await MediaAttempt.run(accounting: accounting) {
                switch try MediaBackend.of(route, endpoint: "/v1\(path)") {
                case .openAI(let upstream):
                    let answer = try await MediaAttempt.exchange(
                        upstream, path: path, body: upload.form.body(model: route.upstreamModel), contentType: upload.form.contentType)
                    let parsed = answer.contentType.contains("json") ? try? JSON.parse(answer.body) : nil
                    var usage = OpenAIMediaUsage.transcriptionTokens(parsed) ?? Usage()
                    usage.audioSeconds = OpenAIMediaUsage.transcriptionSeconds(parsed)
                        ?? upload.wavSeconds ?? AudioDuration.estimate(fileLength: upload.file.length)
                    return (MediaAttempt.response(answer.body, contentType: answer.contentType), usage)
                case .mock, .gemini:
                    guard let seconds = upload.wavSeconds else {
                        throw GatewayError.invalidRequest("The mock model transcribes WAV files only; 'file' is not a WAV file.", param: "file")
                    }
                    let transcription = MockMediaTranscription(
                        seconds: seconds, task: task, language: upload.form.value("language"),
                        wantsWords: upload.form.values("timestamp_granularities[]").contains("word"))
                    let answer = transcription.answer(format: upload.format)
                    return (MediaAttempt.response(answer.body, contentType: answer.contentType), Usage(audioSeconds: seconds))
                }
            }
        }
    }

    /// A checked upload: the form (its body rewritten in place for each attempt), its one file, the
    /// answer's format and the WAV header's seconds (nil when the file is not a WAV).
    private struct Upload {
        var form: MultipartUpload
        let file: MultipartUpload.File
        let format: String
        let wavSeconds: Double?
    }
}
