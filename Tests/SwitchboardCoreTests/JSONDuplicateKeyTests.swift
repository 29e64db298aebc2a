import Testing
@testable import SwitchboardCore

/// A member name given twice was read differently by different parts of the gateway (the index
/// kept the last, parsed values the first): `{"model":5,"model":"mock-1"}` passed validation.
@Suite("JSON duplicate keys")
struct JSONDuplicateKeyTests {
    @Test func parseRejectsADuplicateKeyAtAnyDepth() {
        for text in [#"{"a":1,"a":2}"#, #"{"x":[{"role":"user","role":"bogus"}]}"#, #"[{"k":{},"k":null}]"#] {
            #expect(throws: JSONSyntaxError.self, "\(text)") { try JSON.parse(text) }
        }
    }

    @Test func theErrorNamesTheKeyAndWhereItWasRepeated() {
        do {
            _ = try JSON.parse(#"{"model":5,"model":"mock-1"}"#)
            Issue.record("a duplicate key was accepted")
        } catch {
            #expect(error.message == "duplicate key 'model'")
            #expect(error.offset == 11)
        }
    }

    @Test func aLongKeyIsCutShortInTheMessage() {
        let key = String(repeating: "k", count: 10_000)
        do {
            _ = try JSON.parse("{\"\(key)\":1,\"\(key)\":2}")
            Issue.record("a duplicate key was accepted")
        } catch {
            #expect(error.message.count < 100)
        }
    }

    @Test func indexRejectsADuplicateTopLevelMemberOfAClientBody() {
        #expect(throws: JSONSyntaxError.self) { try JSON.index(Array(#"{"model":"a","messages":[],"model":"b"}"#.utf8)) }
    }

    @Test func relayedUpstreamEventsStayLenient() throws {
        let index = try JSON.index(Array(#"{"type":"a","type":"b"}"#.utf8), validatingStrings: false)
        #expect(index.members.count == 2)
    }

    @Test func manyMembersAreCheckedInLinearTime() throws {
        let members = (0..<20_000).map { "\"key\($0)\":\($0)" }.joined(separator: ",")
        #expect(try JSON.parse("{\(members)}").objectValue?.count == 20_000)
        #expect(throws: JSONSyntaxError.self) { try JSON.parse("{\(members),\"key19999\":0}") }
        #expect(try JSON.index(Array("{\(members)}".utf8)).members.count == 20_000)
    }

    @Test func equalNamesInDifferentObjectsAreFine() throws {
        let value = try JSON.parse(#"{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}"#)
        #expect(value["a"]?["a"]?["a"] == .number("1"))
    }
}
