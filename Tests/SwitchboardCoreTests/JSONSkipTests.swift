import Testing
@testable import SwitchboardCore

/// Skipping a value (what the relays do with every member they do not read) walks containers
/// with a loop over the open ones instead of recursion; it must accept and refuse exactly what
/// parsing the value does.
@Suite("Skipping JSON values")
struct JSONSkipTests {
    static func skips(_ document: String) -> Bool {
        (try? JSON.forEachMember(ofRelayed: Array(document.utf8)) { _ in }) != nil
    }

    static func parses(_ document: String) -> Bool {
        (try? JSON.parse(Array(document.utf8))) != nil
    }

    @Test func deepAndMixedNestingIsWalkedAcrossTheStacksWords() {
        for depth in [1, 2, 63, 64, 65, 127, 128, 129, 300, 500] {
            var opening = ""
            var closing = ""
            for level in 0..<depth {
                if level.isMultiple(of: 3) {
                    opening += #"{"k\#(level)": "#
                    closing = "}" + closing
                } else {
                    opening += "[1, "
                    closing = "]" + closing
                }
            }
            let valid = #"{"v": \#(opening)true\#(closing), "w": [[], {}, [{}], {"x": []}]}"#
            #expect(Self.skips(valid), "depth \(depth)")
            #expect(Self.parses(valid), "depth \(depth)")
            // The innermost closing bracket swapped for the other kind.
            let swapped = closing.first == "}" ? "]" + closing.dropFirst() : "}" + closing.dropFirst()
            let broken = #"{"v": \#(opening)true\#(swapped)}"#
            #expect(!Self.skips(broken), "depth \(depth)")
        }
    }

    /// Every single-character edit of a few documents (deleted, or replaced by a structural
    /// character) is accepted by the skip exactly when the parser accepts it.
    @Test func theSkipAgreesWithTheParserOnEveryOneCharacterEdit() {
        let documents = [
            #"{"a": [1, -2.5e3, "x\"y", true, false, null], "bb": {"c": {}, "dd": [[], [{}]]}, "eee": "z"}"#,
            #"{"choices":[{"index":0,"delta":{"content":"Hi","tool_calls":[{"id":"t","function":{"arguments":"{}"}}]},"finish_reason":null}],"model":"m"}"#,
            // Literals, numbers of every shape, escapes (short, \u, in a key) and empty containers, as
            // the skip reads literals as a word and plain integers and strings in a fast path.
            #"{"t":true,"f":false,"n":null,"i":1732000000,"z":0,"m":-0.5,"e":1E+2,"u":"\u00e9\n","k\"":[[],{}],"s":"a b"}"#,
        ]
        let replacements: [Character] = ["{", "}", "[", "]", ",", ":", "\"", " ", "1", "e", ".", "-", "\\", "n"]
        var checked = 0
        for document in documents {
            let characters = Array(document)
            for index in characters.indices {
                var edits = [characters.enumerated().filter { $0.offset != index }.map(\.element)]
                for replacement in replacements where replacement != characters[index] {
                    var edited = characters
                    edited[index] = replacement
                    edits.append(edited)
                }
                for edit in edits {
                    let text = String(edit)
                    // The parser also refuses a key given twice; the skip does not look at keys.
                    guard !(Self.skips(text) && !Self.parses(text) && text.contains("\"\"")) else { continue }
                    #expect(Self.skips(text) == Self.parses(text), "\(text)")
                    // Where both accept, the members the walk reports lie where the index finds them.
                    if let index = try? JSON.index(Array(text.utf8)) {
                        var layouts: [JSONMemberLayout] = []
                        _ = try? JSON.forEachMember(ofRelayed: Array(text.utf8)) { layouts.append($0) }
                        #expect(layouts.map(\.keyStart) == index.members.map(\.keyStart), "\(text)")
                        #expect(layouts.map(\.valueRange) == index.members.map(\.valueRange), "\(text)")
                        #expect(layouts.map(\.kind) == index.members.map(\.kind), "\(text)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 1000)
    }
}
