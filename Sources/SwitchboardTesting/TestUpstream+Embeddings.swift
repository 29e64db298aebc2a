import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

extension TestUpstream {
    /// OpenAI's `POST /v1/embeddings` and `/v1/moderations`, and the Jina/vLLM-style `POST /v1/rerank`:
    /// each checks `Authorization: Bearer` (401 in OpenAI's envelope without it) and the body as the
    /// real API does (400 naming the problem), then answers in the real shape with deterministic
    /// values. A `fault:NAME` model misbehaves as it does for chat (see ``TestUpstreamScenario``);
    /// `fault:flaky-*` and `fault:stall-*` end with the endpoint's own answer.
    func addEmbeddingsRoutes(to router: Router<TestUpstreamRequestContext>) {
        router.post("v1/embeddings") { request, context in
            try await self.openAIEndpoint(request, context: context) { body throws(GatewayError) in
                let embeddings = try EmbeddingsRequest(body: body)
                try TestUpstreamEmbeddingModels.check(embeddings)
                let dimensions = embeddings.dimensions ?? TestUpstreamEmbeddingModels.dimensions(of: embeddings.model)
                return EmbeddingsResponseEncoder.encode(
                    MockEmbeddings.texts(of: embeddings.input).map { MockEmbeddings.vector(for: "upstream " + $0, dimensions: dimensions) },
                    format: embeddings.encodingFormat, model: embeddings.model, promptTokens: embeddings.input.estimatedTokens)
            }
        }
        router.post("v1/moderations") { request, context in
            try await self.openAIEndpoint(request, context: context) { body throws(GatewayError) in
                var answer = MockModeration.answer(try ModerationsRequest(body: body)).body.objectValue ?? JSONObject()
                answer["id"] = .string(RandomIdentifier.make("modr-"))
                return .object(answer)
            }
        }
        router.post("v1/rerank") { request, context in
            try await self.openAIEndpoint(request, context: context) { body throws(GatewayError) in
                MockRerank.answer(try RerankRequest(body: body)).body
            }
        }
    }

    /// Checks the key and the body, plays `fault:` models, else answers `answer(body)` (a thrown
    /// error is a 400 with its message, as OpenAI words its own).
    private func openAIEndpoint(
        _ request: Request, context: TestUpstreamRequestContext,
        answer: @escaping @Sendable ([UInt8]) throws(GatewayError) -> JSONValue
    ) async throws -> Response {
        let received = try await receive(request)
        let reject = TestUpstreamScenario(model: "", wire: .chat, stream: false)
        guard let authorization = received.headers["authorization"], authorization.hasPrefix("Bearer "),
            authorization.count > "Bearer ".count
        else {
            return reject.error(
                status: 401,
                message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                type: "invalid_request_error")
        }
        let model = received.json?["model"]?.stringValue ?? ""
        let respond: @Sendable () -> Response = {
            do throws(GatewayError) {
                let body = try answer(received.body)
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: JSON.serialize(body))))
            } catch {
                return reject.error(status: 400, message: error.message, type: "invalid_request_error")
            }
        }
        let attempt = countRequest(model: model)
        guard model.hasPrefix("fault:") else { return respond() }
        return try await playFault(model: model, wire: .chat, attempt: attempt, context: context, answer: respond)
    }

    /// Plays the `fault:` model's fault as chat does; faults that end in a normal answer end in
    /// this endpoint's `answer`.
    private func playFault(
        model: String, wire: TestUpstreamWire, attempt: Int, context: TestUpstreamRequestContext,
        answer: @Sendable () -> Response
    ) async throws -> Response {
        let scenario = TestUpstreamScenario(model: model, wire: wire, stream: false)
        guard let fault = TestUpstreamFault(name: String(model.dropFirst("fault:".count))) else {
            return scenario.error(status: 400, message: "Unknown test upstream fault '\(model)'.", type: wire.invalidRequestType)
        }
        let connection = await TestUpstreamConnection(upstream: self, channel: context.channel)
        switch fault {
        case .flaky(let failures, _) where attempt > failures:
            return answer()
        case .stallBeforeFirstByte(let duration):
            try await connection.run { try await connection.pause(for: duration) }
            return answer()
        default:
            return try await scenario.respond(to: fault, attempt: attempt, connection: connection)
        }
    }

    /// Gemini's `:embedContent` (`{"embedding":{"values":[...]}}`) and `:batchEmbedContents`
    /// (`{"embeddings":[{"values":[...]}]}`) for `model`, after the key was checked: each request
    /// needs `content.parts` with text, batch requests (at most 100) must name `models/{model}`;
    /// `outputDimensionality` (1 to 3072) cuts the 3072 values. `fault:status-*` and
    /// `fault:flaky-*` models fail as they do for chat.
    func geminiEmbeddings(model: String, action: String, json: JSONValue) -> Response {
        let scenario = TestUpstreamScenario(model: model, wire: .gemini, stream: false)
        let attempt = countRequest(model: model)
        switch model.hasPrefix("fault:") ? TestUpstreamFault(name: String(model.dropFirst("fault:".count))) : nil {
        case .status(let code, let retryAfter)?:
            return scenario.error(status: code, message: "Injected upstream failure \(code)", retryAfter: retryAfter)
        case .flaky(let failures, let code)? where attempt <= failures:
            return scenario.error(status: code, message: "Injected upstream failure \(code) (attempt \(attempt) of \(failures) failing)")
        default:
            break
        }
        let requests = action == "batchEmbedContents" ? json["requests"]?.arrayValue ?? [] : [json]
        guard !requests.isEmpty else {
            return scenario.error(status: 400, message: "* BatchEmbedContentsRequest.requests: at least one request is required.")
        }
        guard requests.count <= 100 else {
            return scenario.error(status: 400, message: "* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch.")
        }
        var embeddings: [JSONValue] = []
        for (offset, item) in requests.enumerated() {
            if action == "batchEmbedContents", item["model"]?.stringValue != "models/\(model)" {
                return scenario.error(
                    status: 400,
                    message: "* BatchEmbedContentsRequest.requests[\(offset)].model: the model must match the model in the URL (models/\(model)).")
            }
            let texts = (item["content"]?["parts"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
            guard !texts.isEmpty else {
                return scenario.error(status: 400, message: "* EmbedContentRequest.content: contents.parts must not be empty.")
            }
            let dimensions = item["outputDimensionality"]?.intValue ?? 3072
            guard (1...3072).contains(dimensions) else {
                return scenario.error(status: 400, message: "* EmbedContentRequest.output_dimensionality: must be between 1 and 3072.")
            }
            let values = MockEmbeddings.vector(for: "gemini " + texts.joined(separator: " "), dimensions: dimensions)
            embeddings.append(.object(["values": .array(values.map { .number(String($0)) })]))
        }
        let answer: JSONValue = action == "batchEmbedContents"
            ? .object(["embeddings": .array(embeddings)]) : .object(["embedding": embeddings[0]])
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: JSON.serialize(answer))))
    }
}

/// What the test upstream knows of OpenAI's embedding models: their native dimensions, and the
/// checks the real API makes on `dimensions`.
enum TestUpstreamEmbeddingModels {
    static func dimensions(of model: String) -> Int {
        model == "text-embedding-3-large" ? 3072 : 1536
    }

    static func check(_ request: EmbeddingsRequest) throws(GatewayError) {
        guard let asked = request.dimensions else { return }
        if request.model == "text-embedding-ada-002" {
            throw GatewayError.invalidRequest("This model does not support specifying dimensions.", param: "dimensions")
        }
        let native = dimensions(of: request.model)
        if asked > native {
            throw GatewayError.invalidRequest(
                "Invalid value for 'dimensions' = \(asked). Must be less than or equal to \(native).", param: "dimensions")
        }
    }
}
