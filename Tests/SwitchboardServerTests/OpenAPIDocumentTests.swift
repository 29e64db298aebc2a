import Testing
import SwitchboardCore
@testable import SwitchboardServer

@Suite("The gateway's OpenAPI document")
struct OpenAPIDocumentTests {
    /// Every client route the controllers register (method, OpenAPI path).
    static let routes: [(String, String)] = [
        ("post", "/v1/chat/completions"),
        ("post", "/v1/responses"), ("get", "/v1/responses/{response_id}"), ("delete", "/v1/responses/{response_id}"),
        ("get", "/v1/responses/{response_id}/input_items"),
        ("post", "/v1/messages"), ("post", "/v1/messages/count_tokens"),
        ("post", "/v1beta/models/{model}:generateContent"), ("post", "/v1beta/models/{model}:streamGenerateContent"),
        ("post", "/v1beta/models/{model}:countTokens"), ("get", "/v1beta/models"), ("get", "/v1beta/models/{model}"),
        ("get", "/v1/models"), ("get", "/v1/models/{model}"),
        ("get", "/health"), ("get", "/openapi.json"),
        ("post", "/v1/embeddings"), ("post", "/v1/moderations"), ("post", "/v1/rerank"),
        ("post", "/v1/images/generations"), ("post", "/v1/images/edits"),
        ("post", "/v1/audio/transcriptions"), ("post", "/v1/audio/translations"), ("post", "/v1/audio/speech"),
        ("post", "/v1/tasks"), ("get", "/v1/tasks"), ("post", "/v1/video/generations"), ("post", "/v1/music/generations"),
        ("get", "/v1/tasks/{task_id}"), ("get", "/v1/tasks/{task_id}/content"),
    ]

    let document = OpenAPIDocument.value

    @Test func everyFragmentIsValidJSONAndTheDocumentIsOpenAPI31() throws {
        for fragment in OpenAPIDocument.fragments {
            _ = try JSON.parse(fragment)
        }
        #expect(document["openapi"]?.stringValue == "3.1.0")
        #expect(try JSON.parse(OpenAPIDocument.bytes) == document)
    }

    @Test func everyClientRouteIsDocumentedAndNothingElse() throws {
        let paths = try #require(document["paths"]?.objectValue)
        var documented: Set<String> = []
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] where item[method] != nil {
                documented.insert("\(method) \(path)")
            }
        }
        #expect(documented == Set(Self.routes.map { "\($0.0) \($0.1)" }))
    }

    @Test func everyOperationHasAnIDAndASuccessResponse() throws {
        var ids: Set<String> = []
        for (method, path) in Self.routes {
            let operation = try #require(document["paths"]?[path]?[method])
            let id = try #require(operation["operationId"]?.stringValue)
            #expect(ids.insert(id).inserted, "operationId \(id) is used twice")
            #expect(operation["responses"]?["200"] != nil, "\(method) \(path)")
        }
    }

    @Test func everyReferenceResolves() throws {
        var references: [String] = []
        Self.collectReferences(in: document, into: &references)
        #expect(references.count > 50)
        for reference in references {
            #expect(reference.hasPrefix("#/"), "\(reference)")
            var value: JSONValue? = document
            for part in reference.dropFirst(2).split(separator: "/") { value = value?[String(part)] }
            #expect(value != nil, "\(reference) does not resolve")
        }
    }

    /// Errors are documented in the envelope the error middleware answers with on that path.
    @Test func errorResponsesUseTheEnvelopeOfTheirPath() throws {
        let expected = [
            "/v1/chat/completions": "OpenAIError", "/v1/responses/{response_id}": "OpenAIError",
            "/v1/messages": "AnthropicError", "/v1/messages/count_tokens": "AnthropicError",
            "/v1beta/models/{model}:generateContent": "GeminiError", "/v1beta/models": "GeminiError",
            "/v1/models/{model}": "OpenAIError",
        ]
        for (method, path) in Self.routes where expected[path] != nil {
            let responses = try #require(document["paths"]?[path]?[method]?["responses"])
            for status in ["400", "401", "404", "500"] {
                #expect(responses[status]?["$ref"]?.stringValue == "#/components/responses/\(expected[path]!)", "\(path) \(status)")
            }
        }
        let generation = try #require(document["paths"]?["/v1/messages"]?["post"]?["responses"]?.objectValue)
        #expect(Set(OpenAPIDocument.generationErrorStatuses).isSubset(of: Set(generation.keys)))
    }

    @Test func healthAndTheDocumentNeedNoKeyAndTheRestDo() throws {
        for (method, path) in Self.routes {
            let security = try #require(document["paths"]?[path]?[method]?["security"]?.arrayValue, "\(path)")
            #expect(security.isEmpty == ["/health", "/openapi.json"].contains(path), "\(method) \(path)")
        }
        let schemes = try #require(document["components"]?["securitySchemes"]?.objectValue)
        #expect(Set(schemes.keys) == ["bearerAuth", "apiKeyHeader", "googleApiKey", "googleApiKeyQuery"])
        #expect(schemes["googleApiKey"]?["name"]?.stringValue == "x-goog-api-key")
    }

    @Test func requestSchemasNameTheRequiredFieldsAndRoles() throws {
        let schemas = try #require(document["components"]?["schemas"])
        #expect(schemas["ChatCompletionRequest"]?["required"] == ["model", "messages"])
        #expect(schemas["AnthropicMessagesRequest"]?["required"] == ["model", "max_tokens", "messages"])
        #expect(schemas["GeminiGenerateContentRequest"]?["required"] == ["contents"])
        #expect(schemas["AnthropicMessageParam"]?["properties"]?["role"]?["enum"] == ["user", "assistant"])
        #expect(schemas["ChatSystemMessage"]?["properties"]?["role"]?["enum"] == ["system", "developer"])
        #expect(schemas["ChatCompletionRequest"]?["properties"]?["n"]?["maximum"] == 128)
    }

    static func collectReferences(in value: JSONValue, into references: inout [String]) {
        switch value {
        case .object(let object):
            for member in object {
                if member.key == "$ref", let reference = member.value.stringValue {
                    references.append(reference)
                } else {
                    collectReferences(in: member.value, into: &references)
                }
            }
        case .array(let items):
            for item in items { collectReferences(in: item, into: &references) }
        default:
            break
        }
    }
}
