import Testing
@testable import SwitchboardCore

@Suite("JSON parsing")
struct JSONParserTests {
    @Test func parsesEveryKindAndKeepsMemberOrder() throws {
        let value = try JSON.parse(#"{"b":1,"a":[true,false,null,"x",-1.5e3],"c":{"z":{}}}"#)
        #expect(value["b"] == .number("1"))
        #expect(value["a"]?.arrayValue?.count == 5)
        #expect(value["a"]?.arrayValue?[4] == .number("-1.5e3"))
        #expect(value.objectValue?.keys == ["b", "a", "c"])
        #expect(value["c"]?["z"]?.objectValue?.isEmpty == true)
    }

    @Test func numbersKeepTheirLiteralText() throws {
        let text = #"{"big":12345678901234567890,"float":1.0,"exp":2E-7}"#
        #expect(JSON.string(try JSON.parse(text)) == text)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSON.parse(#""line\nquote\" slash\/ \u00e9 \ud83d\ude00""#)
        #expect(value.stringValue == "line\nquote\" slash/ é 😀")
    }

    @Test func writerEscapesWhatMustBeEscaped() throws {
        let original = JSONValue.string("a\"b\\c\n\u{01}é")
        let text = JSON.string(original)
        #expect(text == #""a\"b\\c\n\u0001é""#)
        #expect(try JSON.parse(text) == original)
    }

    @Test(arguments: [
        "", "{", "}", "[1,]", "{\"a\":}", "{\"a\" 1}", "{a:1}", "tru", "01", "1.", "-", "\"abc", "{\"a\":1}}",
        "[1 2]", "\"\\x\"", "\"\\ud800\"", "nul", "{\"a\":1,}",
    ])
    func rejectsInvalidDocuments(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSON.parse(text) }
    }

    @Test func rejectsControlCharactersAndInvalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try JSON.parse(Array("\"a\u{01}b\"".utf8)) }
        #expect(throws: JSONSyntaxError.self) { try JSON.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try JSON.index([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]) }
        #expect(throws: JSONSyntaxError.self) { try JSON.index(Array(#"{"a":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8)) }
    }

    @Test func invalidUTF8AfterAnEscapeIsRejectedAndNonASCIITextKept() throws {
        // A backslash before an invalid byte: the ASCII fast path must not skip the check.
        #expect(throws: JSONSyntaxError.self) { try JSON.parse([0x22, 0x5C, 0xFF, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try JSON.index(Array(#"{"a":[""#.utf8) + [0x5C, 0xFF] + Array(#""]}"#.utf8)) }
        #expect(try JSON.parse(#""caf\u00e9 ☕ \n""#) == .string("café ☕ \n"))
        #expect(try JSON.parse(#""plain ascii""#) == .string("plain ascii"))
        #expect(try JSON.parse(#""tab\tand\u0041""#) == .string("tab\tandA"))
    }

    @Test func relayedDocumentsCanSkipTheUTF8CheckButNotTheStructureCheck() throws {
        let document = Array(#"{"a":""#.utf8) + [0xFF] + Array(#"","model":"m"}"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try JSON.index(document) }
        let index = try JSON.index(document, validatingStrings: false)
        #expect(index.members.map(\.key) == ["a", "model"])
        #expect(throws: JSONSyntaxError.self) { try JSON.index(Array(#"{"a":[1,}"#.utf8), validatingStrings: false) }
    }

    @Test func relayedMembersAreFoundAsTheIndexFindsThem() throws {
        let document = Array(#" { "id" : "c1", "mod\u0065l":"up","usage":{"a":[1,{"b":null}]}, "n":-1.5e3 ,"t":true} "#.utf8)
        var layouts: [JSONMemberLayout] = []
        let closingBrace = try JSON.forEachMember(ofRelayed: document) { layouts.append($0) }
        let index = try JSON.index(document, validatingStrings: false)
        #expect(closingBrace == index.closingBrace)
        #expect(layouts.map(\.keyStart) == index.members.map(\.keyStart))
        #expect(layouts.map(\.valueRange) == index.members.map(\.valueRange))
        #expect(layouts.map(\.kind) == index.members.map(\.kind))
        #expect(layouts.map(\.keyHasEscapes) == [false, true, false, false, false])
        #expect(layouts[1].keyIs(Array("model".utf8), in: document))
        #expect(!layouts[1].keyIs(Array("mode".utf8), in: document))
        #expect(layouts[2].keyIs(Array("usage".utf8), in: document))
        for text in ["", "[]", #"{"a":1"#, #"{"a":1}x"#, #"{"a" 1}"#, #"{"a":1,}"#] {
            #expect(throws: JSONSyntaxError.self) { try JSON.forEachMember(ofRelayed: Array(text.utf8)) { _ in } }
        }
    }

    @Test func refusesHostileNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSON.parse(deep) }
        let deepObject = "{\"a\":" + deep + "}"
        #expect(throws: JSONSyntaxError.self) { try JSON.index(Array(deepObject.utf8)) }
    }

    @Test func indexFindsTopLevelMembersAndTheirRanges() throws {
        let bytes = Array(#" { "model" : "gpt-5", "messages":[{"role":"user"}], "n": 2 } "#.utf8)
        let index = try JSON.index(bytes)
        #expect(index.members.map(\.key) == ["model", "messages", "n"])
        let model = try #require(index["model"])
        #expect(model.kind == .string)
        #expect(String(decoding: bytes[model.valueRange], as: UTF8.self) == "\"gpt-5\"")
        #expect(index["messages"]?.kind == .array)
        #expect(index["n"]?.kind == .number)
        #expect(bytes[index.closingBrace] == UInt8(ascii: "}"))
    }

    @Test func indexRequiresAnObject() {
        #expect(throws: JSONSyntaxError.self) { try JSON.index(Array("[1]".utf8)) }
    }

    @Test func objectSubscriptSetsReplacesAndRemoves() {
        var object: JSONObject = ["a": .int(1)]
        object["b"] = .bool(true)
        object["a"] = .string("x")
        #expect(object.keys == ["a", "b"])
        object["a"] = nil
        #expect(object.keys == ["b"])
        #expect(object.removeValue(forKey: "b") == .bool(true))
        #expect(object.isEmpty)
    }

    @Test func integerAccessorAcceptsIntegralDoubles() {
        #expect(JSONValue.number("3").intValue == 3)
        #expect(JSONValue.number("3.0").intValue == 3)
        #expect(JSONValue.number("3.5").intValue == nil)
        #expect(JSONValue.string("3").intValue == nil)
    }
}
