import Testing
import Foundation
import SwitchboardCore
import SwitchboardFormats

@Suite("Embeddings, moderations and rerank request bodies")
struct EmbeddingsRequestTests {
    static func embeddings(_ json: String) throws(GatewayError) -> EmbeddingsRequest {
        try EmbeddingsRequest(body: Array(json.utf8))
    }

    static func rejection(_ make: () throws(GatewayError) -> Void) -> GatewayError? {
        do {
            try make()
            return nil
        } catch {
            return error
        }
    }

    @Test func everyInputShapeOpenAIAcceptsIsRead() throws {
        #expect(try Self.embeddings(#"{"model":"m","input":"hello"}"#).input == .texts(["hello"]))
        #expect(try Self.embeddings(#"{"model":"m","input":["a","b"]}"#).input == .texts(["a", "b"]))
        #expect(try Self.embeddings(#"{"model":"m","input":[1,2,3]}"#).input == .tokens([[1, 2, 3]]))
        #expect(try Self.embeddings(#"{"model":"m","input":[[1],[2,3]]}"#).input == .tokens([[1], [2, 3]]))
        let full = try Self.embeddings(#"{"model":"m","input":"x","dimensions":64,"encoding_format":"base64","user":"u"}"#)
        #expect(full.dimensions == 64 && full.encodingFormat == .base64 && full.user == "u")
        #expect(try Self.embeddings(#"{"model":"m","input":"x","dimensions":null}"#).encodingFormat == .float)
    }

    @Test(arguments: [
        (#"{"model":"m"}"#, "input"),
        (#"{"model":"m","input":""}"#, "input"),
        (#"{"model":"m","input":[]}"#, "input"),
        (#"{"model":"m","input":["a",1]}"#, "input"),
        (#"{"model":"m","input":[1,-2]}"#, "input"),
        (#"{"model":"m","input":[[1],[]]}"#, "input"),
        (#"{"model":"m","input":[true]}"#, "input"),
        (#"{"model":"m","input":{"text":"a"}}"#, "input"),
        (#"{"model":"m","input":["a",""]}"#, "input"),
        (#"{"input":"a"}"#, "model"),
        (#"{"model":"","input":"a"}"#, "model"),
        (#"{"model":7,"input":"a"}"#, "model"),
        (#"{"model":"m","input":"a","dimensions":0}"#, "dimensions"),
        (#"{"model":"m","input":"a","dimensions":1.5}"#, "dimensions"),
        (#"{"model":"m","input":"a","dimensions":"8"}"#, "dimensions"),
        (#"{"model":"m","input":"a","encoding_format":"int8"}"#, "encoding_format"),
        (#"{"model":"m","input":"a","encoding_format":1}"#, "encoding_format"),
        (#"{"model":"m","input":"a","user":1}"#, "user"),
    ])
    func badEmbeddingsBodiesAre400sNamingTheField(body: String, field: String) {
        let error = Self.rejection { () throws(GatewayError) in _ = try Self.embeddings(body) }
        #expect(error?.status == 400)
        #expect(error?.param == field)
        #expect(error?.type == "invalid_request_error")
    }

    @Test func moreThan2048InputsAreRefused() {
        let body = #"{"model":"m","input":["# + Array(repeating: #""a""#, count: 2049).joined(separator: ",") + "]}"
        let error = Self.rejection { () throws(GatewayError) in _ = try Self.embeddings(body) }
        #expect(error?.param == "input")
        #expect(error?.message.contains("2048") == true)
    }

    @Test func malformedJSONAndDuplicateKeysAre400s() {
        for body in [#"{"model":"m","input":"a""#, #"{"model":"m","model":"n","input":"a"}"#, "[1]"] {
            let error = Self.rejection { () throws(GatewayError) in _ = try Self.embeddings(body) }
            #expect(error?.status == 400)
        }
    }

    @Test func deeplyNestedInputIsA400NotACrash() {
        let depth = 10_000
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        for body in [#"{"model":"m","input":"# + nested + "}", #"{"model":"r","query":"q","documents":"# + nested + "}"] {
            let embeddings = Self.rejection { () throws(GatewayError) in _ = try Self.embeddings(body) }
            let rerank = Self.rejection { () throws(GatewayError) in _ = try RerankRequest(body: Array(body.utf8)) }
            #expect(embeddings?.status == 400 && rerank?.status == 400)
        }
    }

    @Test func thePassthroughBodyKeepsEveryByteButTheModel() throws {
        let body = #"{ "input" : ["a"], "model":"alias", "x_future": {"n": 1.50} }"#
        let request = try Self.embeddings(body)
        #expect(String(decoding: request.body.rewritingModel(to: "text-embedding-3-small"), as: UTF8.self)
            == #"{ "input" : ["a"], "model":"text-embedding-3-small", "x_future": {"n": 1.50} }"#)
        #expect(request.body.rewritingModel(to: "alias") == Array(body.utf8))
    }

    @Test func base64IsLittleEndianFloat32() throws {
        let encoded = EmbeddingsResponseEncoder.base64([1, -2.5])
        let bytes = try #require(Data(base64Encoded: encoded))
        #expect(Array(bytes) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0])
        let answer = EmbeddingsResponseEncoder.encode([[0.1, 1]], format: .float, model: "m", promptTokens: 3)
        #expect(JSON.string(answer)
            == #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,1.0]}],"model":"m","usage":{"prompt_tokens":3,"total_tokens":3}}"#)
    }

    @Test func geminiGetsABatchRequestAndGivesVectorsBack() throws {
        let request = try Self.embeddings(#"{"model":"emb","input":["a","b"],"dimensions":8}"#)
        let batches = try GeminiEmbeddings.batches(for: request, upstreamModel: "models/gemini-embedding-001")
        #expect(batches.count == 1 && batches.first?.count == 2)
        #expect(String(decoding: batches.first?.body ?? [], as: UTF8.self)
            == #"{"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"a"}]},"outputDimensionality":8},{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"b"}]},"outputDimensionality":8}]}"#)
        #expect(GeminiEmbeddings.path(model: "gemini-embedding-001") == "/models/gemini-embedding-001:batchEmbedContents")
        let vectors = try GeminiEmbeddings.vectors(
            from: Array(#"{"embeddings":[{"values":[0.5,-1]},{"values":[0.25]}]}"#.utf8), expected: 2)
        #expect(vectors == [[0.5, -1], [0.25]])
        #expect(throws: GatewayError.self) { try GeminiEmbeddings.vectors(from: Array(#"{"embeddings":[]}"#.utf8), expected: 1) }
        let tokens = try Self.embeddings(#"{"model":"emb","input":[1,2]}"#)
        let error = Self.rejection { () throws(GatewayError) in _ = try GeminiEmbeddings.batches(for: tokens, upstreamModel: "g") }
        #expect(error?.param == "input" && error?.status == 400)
    }

    @Test func geminiGetsAtMost100TextsACall() throws {
        let texts = (0..<250).map { "\"t\($0)\"" }.joined(separator: ",")
        let request = try Self.embeddings(#"{"model":"emb","input":["# + texts + "]}")
        let batches = try GeminiEmbeddings.batches(for: request, upstreamModel: "gemini-embedding-001")
        #expect(batches.map(\.count) == [100, 100, 50])
        let last = try JSON.parse(try #require(batches.last).body)
        #expect(last["requests"]?.arrayValue?.first?["content"]?["parts"]?.arrayValue?.first?["text"] == "t200")
        #expect(last["requests"]?.arrayValue?.first?["outputDimensionality"] == nil)
    }

    @Test func moderationInputsGiveOneItemPerStringOrOneForMultimodalParts() throws {
        let strings = try ModerationsRequest(body: Array(#"{"input":["a","b"]}"#.utf8))
        #expect(strings.model == "omni-moderation-latest")
        #expect(strings.items.count == 2)
        let parts = try ModerationsRequest(body: Array(
            #"{"model":"m","input":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}"#.utf8))
        #expect(parts.items == [ModerationsRequest.Item(texts: ["hi"], images: 1)])
        for body in [#"{"model":"m"}"#, #"{"input":[]}"#, #"{"input":3}"#, #"{"input":[{"type":"audio"}]}"#, #"{"input":["a",{"type":"text","text":"b"}]}"#] {
            let error = Self.rejection { () throws(GatewayError) in _ = try ModerationsRequest(body: Array(body.utf8)) }
            #expect(error?.param == "input")
        }
    }

    @Test func rerankBodiesAreValidatedFieldByField() throws {
        let request = try RerankRequest(body: Array(#"{"model":"r","query":"q","documents":["a",{"text":"b"}],"top_n":1}"#.utf8))
        #expect(request.documents == ["a", "b"] && request.topN == 1 && request.returnDocuments)
        let cases = [
            (#"{"query":"q","documents":["a"]}"#, "model"),
            (#"{"model":"r","documents":["a"]}"#, "query"),
            (#"{"model":"r","query":"","documents":["a"]}"#, "query"),
            (#"{"model":"r","query":"q"}"#, "documents"),
            (#"{"model":"r","query":"q","documents":[]}"#, "documents"),
            (#"{"model":"r","query":"q","documents":[{"title":"a"}]}"#, "documents"),
            (#"{"model":"r","query":"q","documents":["a"],"top_n":0}"#, "top_n"),
            (#"{"model":"r","query":"q","documents":["a"],"return_documents":"yes"}"#, "return_documents"),
        ]
        for (body, field) in cases {
            let error = Self.rejection { () throws(GatewayError) in _ = try RerankRequest(body: Array(body.utf8)) }
            #expect(error?.param == field, "\(body)")
        }
    }
}
