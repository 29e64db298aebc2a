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
        var accounting = RequestAccounting(
            gateway: gateway, requestID: context.requestID, keyID: context.clientKey?.id,
            endpoint: "audio.speech", model: "", started: context.started)
        accounting.streamed = true
        let json: OpenAIMediaJSONRequest
        let input: String
        let format: String
        let speed: Double
        let plan: FailoverPlan
        do {
            let body = try await RequestBodyReader.read(request, limit: gateway.configuration.maxBodyBytes)
            gateway.logBody(body, context: context)
            json = try OpenAIMediaJSONRequest(body: body)
            accounting.model = json.model
            input = try json.string("input", required: true) ?? ""
            guard input.count <= Self.maximumInputCharacters else {
                throw GatewayError.invalidRequest(
                    "'input' is \(input.count) characters long; the maximum is \(Self.maximumInputCharacters).", param: "input")
            }
            _ = try json.string("voice", required: true)
            _ = try json.string("instructions")
            format = try json.string("response_format", allowed: Self.responseFormats) ?? "mp3"
            speed = try json.number("speed", in: 0.25...4) ?? 1
            plan = try gateway.admit(model: json.model, bodyBytes: body.count, maxOutputTokens: nil, context: context, accounting: &accounting)
        } catch {
            accounting.fail(GatewayError.from(error, request: request))
            throw error
        }
        let usage = Usage(characters: input.count)
        return try await gateway.failover(plan, accounting: accounting) { route, accounting in
            let backend = try accounting.recordingFailure { () throws(GatewayError) in
                try MediaBackend.of(route, endpoint: "/v1/audio/speech")
            }
            switch backend {
            case .openAI(let upstream):
                return try await MediaStreamRelay(accounting: accounting, meter: FixedUsageMeter(usage: usage)).relay(
                    upstream: upstream, path: "/audio/speech", body: json.body(upstreamModel: route.upstreamModel),
                    contentType: "application/json", context: context)
            case .mock, .gemini:
                let speech = MockMediaSpeech(input: input, speed: speed)
                let audio = format == "pcm" ? speech.pcm() : speech.wav()
                return try await MediaStreamRelay(accounting: accounting, meter: FixedUsageMeter(usage: usage)).send(
                    chunks: MockMediaSpeech.chunks(audio), contentType: format == "pcm" ? "audio/pcm" : "audio/wav", context: context)
            }
        }
    }
}
