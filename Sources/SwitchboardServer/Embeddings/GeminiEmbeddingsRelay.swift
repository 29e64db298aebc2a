import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// Serves an OpenAI embeddings request on a Gemini channel: `batchEmbedContents` calls of at most
/// 100 texts each, one after the other, their vectors written back in OpenAI's shape (the gateway
/// does the base64). Gemini reports no tokens, so they are estimated (``TokenEstimator``).
struct GeminiEmbeddingsRelay {
    let upstream: WireUpstream
    let route: ModelRouter.Route
    let accounting: RequestAccounting

    func respond(_ embeddings: EmbeddingsRequest) async throws -> Response {
        let batches = try accounting.recordingFailure { () throws(GatewayError) in
            try GeminiEmbeddings.batches(for: embeddings, upstreamModel: route.upstreamModel)
        }
        do {
            var vectors: [[Float]] = []
            for batch in batches {
                let response = try await upstream.post(
                    path: GeminiEmbeddings.path(model: route.upstreamModel), body: batch.body, stream: false)
                try await response.requireSuccess { status, body in GeminiErrorEnvelope.decode(body, status: status) }
                let body = try await response.collect(limit: WirePassthroughRelay.maximumResponseBytes)
                vectors += try GeminiEmbeddings.vectors(from: body, expected: batch.count)
            }
            let tokens = embeddings.input.estimatedTokens
            accounting.succeed(usage: Usage(promptTokens: tokens))
            return .json(EmbeddingsResponseEncoder.encode(
                vectors, format: embeddings.encodingFormat, model: embeddings.model, promptTokens: tokens))
        } catch {
            accounting.fail(error, beforeResponse: true)
            throw error
        }
    }
}
