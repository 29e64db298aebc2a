import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// `POST /v1/images/generations` (JSON) and `POST /v1/images/edits` (multipart: `image` or
/// `image[]` one or more times, optional `mask`): OpenAI channels get the request with only
/// `model` rewritten, Gemini image models get `generateContent`, the mock draws PNGs. Billed per
/// image (and by image tokens where the model reports them).
struct ImagesController {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<SwitchboardRequestContext>) {
        group.post("images/generations", use: generate)
        group.post("images/edits", use: edit)
    }

    /// An OpenAI upstream's images answer, relayed as it came and billed by what it reports.
    static func relay(
        _ upstream: WireUpstream, path: String, body: [UInt8], contentType: String
    ) async throws(GatewayError) -> (response: Response, usage: Usage) {
        let answer = try await MediaAttempt.exchange(upstream, path: path, body: body, contentType: contentType)
        return (MediaAttempt.response(answer.body, contentType: answer.contentType), OpenAIMediaUsage.images(try? JSON.parse(answer.body)))
    }

    @Sendable func generate(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        try await gateway.serve(request, context: context, endpoint: "images.generations") { accounting in
            let body = try await RequestBodyReader.read(request, limit: gateway.configuration.maxBodyBytes)
            gateway.logBody(body, context: context)
            let json = try OpenAIMediaJSONRequest(body: body)
            accounting.model = json.model
            let options = try ImageRequestOptions(json: json)
            accounting.streamed = options.stream
            let affinity = SessionAffinity.key(headers: request.headers, promptCacheKey: nil, metadataUserID: nil, user: options.user)
            return ((json, options), AdmissionRequest(model: json.model, bodyBytes: body.count, affinity: affinity))
        } serve: { input, route, accounting in
            let (json, options) = input
            return try await Self.attempt(
                options, route: route, accounting: accounting, context: context, path: "/images/generations",
                contentType: "application/json", body: { json.body(upstreamModel: $0) }, geminiImages: { [] }, mockSeed: "")
        }
    }

    @Sendable func edit(_ request: Request, context: SwitchboardRequestContext) async throws -> Response {
        try await gateway.serve(request, context: context, endpoint: "images.edits") { accounting in
            let form = try await MultipartUpload.read(request, limit: MediaUploadLimits.images)
            let model = try MediaForm.model(of: form)
            accounting.model = model
            guard !form.files(named: ["image", "image[]"]).isEmpty else {
                throw GatewayError.invalidRequest("Missing required parameter: 'image' (one or more image files).", param: "image")
            }
            if form.value("image") != nil || form.value("mask") != nil {
                let field = form.value("image") != nil ? "image" : "mask"
                throw GatewayError.invalidRequest("'\(field)' must be a file upload, not a text field.", param: field)
            }
            let options = try ImageRequestOptions(form: form)
            accounting.streamed = options.stream
            let affinity = SessionAffinity.key(headers: request.headers, promptCacheKey: nil, metadataUserID: nil, user: options.user)
            return (EditInput(form: form, options: options), AdmissionRequest(model: model, bodyBytes: form.textBytes, affinity: affinity))
        } serve: { input, route, accounting in
            try await Self.attempt(
                input.options, route: route, accounting: accounting, context: context, path: "/images/edits",
                contentType: input.form.contentType, body: { input.form.body(model: $0) },
                geminiImages: { () throws(GatewayError) in
                    if !input.form.files(named: ["mask"]).isEmpty {
                        throw GatewayError.invalidRequest("Gemini image models edit from the prompt and take no 'mask'.", param: "mask")
                    }
                    return input.form.files(named: ["image", "image[]"]).map { file in
                        GeminiImageGeneration.InputImage(
                            mimeType: ImageMIMEType.of(input.form.bytes(of: file), declared: file.contentType),
                            base64Data: Data(input.form.bytes(of: file)).base64EncodedString())
                    }
                },
                mockSeed: "edit:")
        }
    }

    /// An edit's form (its body rewritten in place for each attempt) and what it asks for.
    private struct EditInput {
        var form: MultipartUpload
        let options: ImageRequestOptions
    }

    /// One attempt of an image request on `route`: an OpenAI channel gets `body(upstreamModel)` at
    /// `path` (relayed as events when the client streams), a Gemini image model gets
    /// `generateContent` with the prompt after `geminiImages`, the mock draws PNGs from `mockSeed`
    /// and the prompt. A route that cannot serve images is this attempt's recorded failure.
    private static func attempt(
        _ options: ImageRequestOptions, route: ModelRouter.Route, accounting: RequestAccounting,
        context: SwitchboardRequestContext, path: String, contentType: String, body: (String) -> [UInt8],
        geminiImages: () throws(GatewayError) -> [GeminiImageGeneration.InputImage], mockSeed: String
    ) async throws -> Response {
        let backend = try accounting.recordingFailure { () throws(GatewayError) in
            try MediaBackend.of(route, endpoint: "/v1" + path, allowsGemini: true)
        }
        if options.stream, case .openAI(let upstream) = backend {
            return try await MediaStreamRelay(accounting: accounting, meter: ImageEventMeter()).relay(
                upstream: upstream, path: path, body: body(route.upstreamModel), contentType: contentType, context: context)
        }
        return try await MediaAttempt.run(accounting: accounting) {
            switch backend {
            case .openAI(let upstream):
                return try await relay(upstream, path: path, body: body(route.upstreamModel), contentType: contentType)
            case .gemini(let upstream):
                try options.requireNoStream()
                return try await GeminiImages(upstream: upstream, model: route.upstreamModel).answer(options, images: try geminiImages())
            case .mock:
                try options.requireNoStream()
                return MockImages.answer(options, seed: mockSeed)
            }
        }
    }
}

/// Fields every multipart media form needs.
enum MediaForm {
    /// The form's `model`: a 400 naming it when missing or empty.
    static func model(of form: MultipartUpload) throws(GatewayError) -> String {
        guard let model = form.model, !model.isEmpty else {
            throw GatewayError.invalidRequest("Missing required parameter: 'model'.", param: "model")
        }
        return model
    }
}
