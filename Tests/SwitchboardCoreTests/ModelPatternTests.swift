import Testing
import SwitchboardCore

@Suite("Model patterns")
struct ModelPatternTests {
    @Test(arguments: [
        ("*", "gpt-5", true), ("gpt-*", "gpt-5-mini", true), ("gpt-*", "claude-3", false),
        ("mock-?", "mock-1", true), ("mock-?", "mock-12", false), ("*-mini", "gpt-5-mini", true),
        ("gpt-5", "gpt-5", true), ("gpt-5", "gpt-5-mini", false), ("a*b*c", "axxbyyc", true), ("a*b*c", "axxbyy", false),
    ])
    func matches(_ pattern: String, _ name: String, _ expected: Bool) {
        #expect(ModelPattern(pattern).matches(name) == expected)
    }

    @Test func emptyListAllowsNothing() {
        #expect([ModelPattern]().allows("gpt-5") == false)
        #expect([ModelPattern("claude-*"), ModelPattern("gpt-*")].allows("gpt-5"))
    }
}
