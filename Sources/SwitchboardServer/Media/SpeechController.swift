import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders
import Synchronization

/// `POST /v1/audio/speech` (JSON `model`, `input`, `voice`, `response_format`, `speed`,
/// `instructions`): the audio goes back to the client as the upstream sends it, chunk by chunk,
/// with the upstream's Content-Type; the mock streams a WAV tone. Billed per character of `input`.
///
/// A failure before the first byte is an ordinary error (and may be retried on another channel);
/// after it, the connection is cut, since nothing can be appended to audio that a player would read
/// as an error.
struct SpeechController {
    static let responseFormats = ["mp3", "opus", "aac", "flac", "wav", "pcm"]
    /// OpenAI takes at most 4096 characters of input.
    static let maximumInputCharacters = 4096
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.post("audio/speech", use: speak)
    }

    @Sendable func speak(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        try await gateway.serve(request, context: context, endpoint: "audio.speech") { accounting in
            accounting.streamed = true
            let body = try await RequestBodyReader.read(request, limit: gateway.configuration.maxBodyBytes)
            gateway.logBody(body, context: context)
            let json = try OpenAIMediaJSONRequest(body: body)
            accounting.model = json.model
            let input = try json.string("input", required: true) ?? ""
            guard input.count <= Self.maximumInputCharacters else {
                throw GatewayError.invalidRequest(
                    "'input' is \(input.count) characters long; the maximum is \(Self.maximumInputCharacters).", param: "input")
            }
            _ = try json.string("voice", required: true)
            _ = try json.string("instructions")
            let format = try json.string("response_format", allowed: Self.responseFormats) ?? "mp3"
            let speed = try json.number("speed", in: 0.25...4) ?? 1
            return (Speech(json: json, input: input, format: format, speed: speed), AdmissionRequest(model: json.model, bodyBytes: body.count))
        } serve: { speech, route, accounting in
            let usage = Usage(characters: speech.input.count)
            let backend = try accounting.recordingFailure { () throws(GatewayError) in
                try MediaBackend.of(route, endpoint: "/v1/audio/speech")
            }
            switch backend {
            case .openAI(let upstream):
                return try await MediaStreamRelay(accounting: accounting, meter: FixedUsageMeter(usage: usage)).relay(
                    upstream: upstream, path: "/audio/speech", body: speech.json.body(upstreamModel: route.upstreamModel),
                    contentType: "application/json", context: context)
            case .mock, .gemini:
                let mock = MockMediaSpeech(input: speech.input, speed: speech.speed)
                let audio = speech.format == "pcm" ? mock.pcm() : mock.wav()
                return try await MediaStreamRelay(accounting: accounting, meter: FixedUsageMeter(usage: usage)).send(
                    chunks: MockMediaSpeech.chunks(audio), contentType: speech.format == "pcm" ? "audio/pcm" : "audio/wav", context: context)
            }
        }
    }

    /// A checked speech request.
    private struct Speech {
        let json: OpenAIMediaJSONRequest
        let input: String
        let format: String
        let speed: Double
    }
}
