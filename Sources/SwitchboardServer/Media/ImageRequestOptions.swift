import SwitchboardCore
import SwitchboardFormats

/// What every image request says, whether it came as JSON (generations) or as a form (edits):
/// checked once, with errors naming the field, so the mock and Gemini can answer it.
struct ImageRequestOptions: Sendable {
    static let responseFormats = ["url", "b64_json"]
    /// OpenAI accepts 1 to 10 images a request.
    static let counts = 1...10

    let prompt: String
    let n: Int
    /// `url`, `b64_json`, or nil for the model's default.
    let responseFormat: String?
    let size: String?
    let user: String?
    /// `stream: true`: partial images as server-sent events (GPT image models on OpenAI channels).
    let stream: Bool

    init(json: OpenAIMediaJSONRequest) throws(GatewayError) {
        prompt = try json.string("prompt", required: true) ?? ""
        n = try json.integer("n", in: Self.counts) ?? 1
        responseFormat = try json.string("response_format", allowed: Self.responseFormats)
        size = try json.string("size")
        user = try json.string("user")
        if let value = json.object["stream"], !value.isNull, value.boolValue == nil {
            throw GatewayError.invalidRequest("Invalid type for 'stream': expected a boolean, but got \(value.kindName).", param: "stream")
        }
        stream = json.object["stream"]?.boolValue ?? false
    }

    init(form: MultipartUpload) throws(GatewayError) {
        guard let prompt = form.value("prompt"), !prompt.isEmpty else {
            throw GatewayError.invalidRequest("Missing required parameter: 'prompt'.", param: "prompt")
        }
        self.prompt = prompt
        if let count = form.value("n") {
            guard let n = Int(count), Self.counts.contains(n) else {
                throw GatewayError.invalidRequest(
                    "Invalid value for 'n': '\(count)' must be an integer in \(Self.counts.lowerBound)...\(Self.counts.upperBound).",
                    param: "n")
            }
            self.n = n
        } else {
            n = 1
        }
        if let format = form.value("response_format"), !Self.responseFormats.contains(format) {
            throw GatewayError.invalidRequest(
                "Invalid value for 'response_format': '\(format)'. Supported values are: 'url', 'b64_json'.", param: "response_format")
        }
        responseFormat = form.value("response_format")
        size = form.value("size")
        user = form.value("user")
        stream = form.value("stream") == "true"
    }

    /// Streamed images come from OpenAI channels only: a 400 naming `stream` elsewhere.
    func requireNoStream() throws(GatewayError) {
        if stream {
            throw GatewayError.invalidRequest("Streaming images ('stream': true) is offered by OpenAI channels only.", param: "stream")
        }
    }
}
