import Hummingbird
import SwitchboardCore

/// The gateway's own OpenAPI 3.1 document, served at `GET /openapi.json` without auth.
///
/// It describes every client endpoint (OpenAI Chat Completions and Responses, Anthropic Messages,
/// Gemini, model lists, health) with request schemas precise enough for a fuzzer (schemathesis in
/// the conformance suite) to generate valid and invalid bodies, the accepted auth headers, and the
/// error envelope of each endpoint's API. The OpenAI shapes follow OpenAI's published spec
/// (openai/openai-openapi, MIT, "Copyright (c) OpenAI"), cut down to what the gateway reads.
///
/// The document is written as JSON fragments, one file per API, merged once on first use; the
/// error responses are added to every operation from the envelope its path gets.
enum OpenAPIDocument {
    /// The fragments, merged in this order (objects merge member by member).
    static let fragments: [String] = [header, components, chatPaths, chatSchemas, responsesPaths, responsesSchemas,
                                      messagesPaths, messagesSchemas, geminiPaths, geminiSchemas, modelsPaths,
                                      embeddingsPaths, mediaPaths, tasksPaths]

    /// The whole document.
    static let value: JSONValue = {
        var document = JSONValue.object([:])
        for fragment in fragments {
            do {
                document = merge(document, try JSON.parse(fragment))
            } catch {
                preconditionFailure("OpenAPIDocument: a fragment is not valid JSON: \(error)")
            }
        }
        return addingErrorResponses(to: document)
    }()

    /// The document as served.
    static let bytes: [UInt8] = JSON.serialize(value)

    /// `GET /openapi.json`.
    static func response() -> Response {
        .json(bytes)
    }

    /// `base` with `addition`'s members added; members that are objects on both sides merge.
    static func merge(_ base: JSONValue, _ addition: JSONValue) -> JSONValue {
        guard var object = base.objectValue, let extra = addition.objectValue else { return addition }
        for member in extra {
            object[member.key] = object[member.key].map { merge($0, member.value) } ?? member.value
        }
        return .object(object)
    }
}
